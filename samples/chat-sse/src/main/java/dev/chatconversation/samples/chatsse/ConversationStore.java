package dev.chatconversation.samples.chatsse;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The chats of this server, in memory, by unguessable id. They are lost when the server
 * stops; an application that keeps them would save {@code conversation.toJson()} and load
 * it back with {@code loadFromJson}.
 */
@Component
class ConversationStore {

	private static final SecureRandom random = new SecureRandom();

	private final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();

	private final ChatConnections connections;

	private final Clock clock = Clock.systemUTC();

	ConversationStore(ChatConnections connections) {
		this.connections = connections;
	}

	/**
	 * Starts a chat.
	 * @param systemPrompt instructions for this chat, sent after
	 * {@code chat.system-prompt} if that is set too
	 * @param connection the connection to talk to, {@code null} for the first configured
	 * @return the chat's id
	 * @throws ResponseStatusException (400) if no connection has that name
	 */
	String create(@Nullable String systemPrompt, @Nullable String connection) {
		String name = (connection != null) ? connection : defaultConnection();
		if (!this.connections.names().contains(name)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "There is no model connection named \"" + name
					+ "\". The connections are: " + String.join(", ", this.connections.names()) + ".");
		}
		ChatConversationFactory factory = this.connections.conversations(name);
		ChatCompletionsConversation conversation = (systemPrompt != null)
				? factory.newConversation((builder) -> builder.systemPrompt(systemPrompt)) : factory.newConversation();
		String id = newId();
		this.sessions.put(id, new ChatSession(conversation, name, this.clock.instant()));
		return id;
	}

	/**
	 * The name of the connection a chat uses when the request names none.
	 * @return the first configured connection
	 */
	String defaultConnection() {
		return this.connections.names().iterator().next();
	}

	/**
	 * The chats that have at least one message of the user, the most recently changed
	 * first.
	 * @return their summaries
	 */
	List<ChatSummary> list() {
		return this.sessions.entrySet()
			.stream()
			.flatMap((entry) -> ChatSummary.of(entry.getKey(), entry.getValue()).stream())
			.sorted(Comparator.comparing(ChatSummary::updated).reversed().thenComparing(ChatSummary::id))
			.toList();
	}

	/**
	 * Marks a chat as changed now, which moves it to the top of {@link #list()}.
	 * @param session the chat
	 */
	void touch(ChatSession session) {
		session.touch(this.clock.instant());
	}

	/**
	 * The chat with this id.
	 * @param id the id
	 * @return the chat
	 * @throws ResponseStatusException (404) if there is none
	 */
	ChatSession get(String id) {
		ChatSession session = this.sessions.get(id);
		if (session == null) {
			throw notFound();
		}
		return session;
	}

	/**
	 * Deletes a chat, stopping its reply if one is streaming.
	 * @param id the id
	 * @throws ResponseStatusException (404) if there is none
	 */
	void delete(String id) {
		ChatSession session = this.sessions.remove(id);
		if (session == null) {
			throw notFound();
		}
		session.delete();
	}

	private static String newId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND,
				"There is no conversation with this id: it was deleted, or the server restarted "
						+ "(conversations are kept in memory).");
	}

}
