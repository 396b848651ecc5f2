package dev.chatconversation.samples.chatsse;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.autoconfigure.ChatStoreProperties;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.store.ConversationNotFoundException;
import dev.chatconversation.store.ConversationPage;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.NewConversation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The chats, kept in the library's conversation store ({@code chat.store.*}) by
 * unguessable id, so they survive restarts and any instance on the same store serves
 * them. Each chat's record names its owner (the browser's client cookie) and its model as
 * {@code <connection>/<model>}, from which it is reopened with its connection. Every
 * method blocks on the store: call them where blocking is allowed.
 */
@Component
class ChatSessions {

	private static final SecureRandom random = new SecureRandom();

	private final ChatConnections connections;

	private final ConversationStore store;

	private final Duration leaseDuration;

	private final ChatSseProperties.Chats limits;

	private final Map<String, ChatSession> replying = new ConcurrentHashMap<>();

	ChatSessions(ChatConnections connections, ConversationStore store, ChatStoreProperties storeProperties,
			ChatSseProperties properties) {
		this.connections = connections;
		this.store = store;
		this.leaseDuration = storeProperties.getLeaseDuration();
		this.limits = properties.chats();
	}

	/**
	 * Starts a chat, deleting the owner's least recently changed chats beyond
	 * {@code chat-sse.chats.max-per-client}.
	 * @param owner the client it belongs to
	 * @param systemPrompt instructions for this chat, or {@code null}
	 * @param connection the connection to talk to, {@code null} for the first configured
	 * @return the chat's id
	 * @throws ResponseStatusException 400 if no connection has that name, 503 if the
	 * store holds {@code chat-sse.chats.max-total} chats
	 */
	String create(String owner, @Nullable String systemPrompt, @Nullable String connection) {
		String name = (connection != null) ? connection : defaultConnection();
		if (!this.connections.names().contains(name)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "There is no model connection named \"" + name
					+ "\". The connections are: " + String.join(", ", this.connections.names()) + ".");
		}
		if (ChatPages.countUpTo(this.store, ConversationQuery.all(), this.limits.maxTotal()) >= this.limits
			.maxTotal()) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"The server keeps as many chats as it may: delete some, or try again later.");
		}
		ChatPages.deleteAllBut(this.store, ConversationQuery.owner(owner), this.limits.maxPerClient() - 1);
		ChatConversationFactory factory = this.connections.conversations(name);
		String model = factory.settings().requestDefaults().model();
		NewConversation created = NewConversation.create()
			.withId(newId())
			.withOwner(owner)
			.withModel(name + "/" + ((model != null) ? model : ""));
		Consumer<ChatCompletionsConversation.Builder> changes = (builder) -> {
			if (systemPrompt != null) {
				builder.systemPrompt(systemPrompt);
			}
		};
		return factory.createConversation(created, changes).id();
	}

	/**
	 * The name of the connection a chat uses when the request names none.
	 * @return the first configured connection
	 */
	String defaultConnection() {
		return this.connections.names().iterator().next();
	}

	/**
	 * One page of the owner's chats that have a user message, the most recently changed
	 * first.
	 * @param owner the client
	 * @param limit the most chats a page holds
	 * @param after the cursor of the previous page, or {@code null}
	 * @return the page
	 */
	ChatPages.Page list(String owner, int limit, @Nullable String after) {
		ConversationPage page = this.store.list(new ConversationQuery(owner, limit, after));
		List<ChatSummary> chats = new ArrayList<>();
		for (ConversationRecord record : page.conversations()) {
			ChatSummary.of(record, connectionOf(record)).ifPresent(chats::add);
		}
		return new ChatPages.Page(chats, page.next());
	}

	/**
	 * A chat's conversation, to read; a reply streaming elsewhere is not waited for.
	 * @param id the id
	 * @return the conversation
	 * @throws ResponseStatusException (404) if there is none
	 */
	ChatCompletionsConversation read(String id) {
		try {
			return this.connections.conversations(defaultConnection()).openConversation(id);
		}
		catch (ConversationNotFoundException ex) {
			throw notFound();
		}
	}

	/**
	 * Opens a chat for a reply and takes its lease, so that a reply streaming on any
	 * instance is refused here, before the response starts.
	 * @param id the id
	 * @param needsUserMessage whether the reply regenerates or edits, which needs a user
	 * message
	 * @return the chat, its lease taken for its next turn
	 * @throws ResponseStatusException 404 if there is no such chat, 409 if a reply is
	 * streaming or a needed user message is missing
	 */
	ChatSession startReply(String id, boolean needsUserMessage) {
		try {
			ConversationRecord record = this.store.load(id).record();
			String connection = connectionOf(record);
			RequestLease lease = new RequestLease(this.store);
			ChatCompletionsConversation conversation = this.connections.conversations(connection)
				.openConversation(id, (builder) -> builder.store(lease));
			if (needsUserMessage && conversation.messages().stream().noneMatch(UserMessage.class::isInstance)) {
				throw new ResponseStatusException(HttpStatus.CONFLICT,
						"This conversation has no message yet: send one first.");
			}
			if (lease.take(id, this.leaseDuration) != record.version()) {
				// another instance changed it meanwhile, or an interrupted reply was kept
				reloadOrGiveBack(conversation, lease);
			}
			return new ChatSession(id, conversation, connection, lease);
		}
		catch (ConversationNotFoundException ex) {
			throw notFound();
		}
		catch (ConversationBusyException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"A reply is still being written in this conversation: wait for it to finish, or stop it, "
							+ "then send your message again.");
		}
	}

	private static void reloadOrGiveBack(ChatCompletionsConversation conversation, RequestLease lease) {
		try {
			conversation.reload();
		}
		catch (RuntimeException ex) {
			lease.giveBack();
			throw ex;
		}
	}

	/**
	 * Notes that a chat's reply streams on this instance, so that deleting it stops the
	 * reply.
	 * @param session the chat
	 */
	void replying(ChatSession session) {
		this.replying.put(session.id(), session);
	}

	/**
	 * Notes that a chat's reply ended.
	 * @param session the chat
	 */
	void replied(ChatSession session) {
		this.replying.remove(session.id(), session);
	}

	/**
	 * Deletes a chat, stopping its reply if one is streaming on this instance (on another
	 * one, the reply fails at its next checkpoint).
	 * @param id the id
	 * @throws ResponseStatusException (404) if there is none
	 */
	void delete(String id) {
		boolean existed = this.store.delete(id);
		ChatSession session = this.replying.get(id);
		if (session != null) {
			session.delete();
		}
		if (!existed) {
			throw notFound();
		}
	}

	private String connectionOf(ConversationRecord record) {
		String model = record.model();
		int slash = (model != null) ? model.indexOf('/') : -1;
		String name = (slash > 0) ? model.substring(0, slash) : "";
		// a chat whose connection is no longer configured talks to the first one
		return this.connections.names().contains(name) ? name : defaultConnection();
	}

	static String newId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND,
				"There is no conversation with this id: it was deleted, or it expired.");
	}

}
