package dev.chatconversation.samples.chatsse;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.ChatCompletionsConversation;
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

	private final ChatConversationFactory factory;

	ConversationStore(ChatConversationFactory factory) {
		this.factory = factory;
	}

	/**
	 * Starts a chat.
	 * @param systemPrompt instructions for this chat, sent after
	 * {@code chat.system-prompt} if that is set too
	 * @return the chat's id
	 */
	String create(@Nullable String systemPrompt) {
		ChatCompletionsConversation conversation = (systemPrompt != null)
				? this.factory.newConversation((builder) -> builder.systemPrompt(systemPrompt))
				: this.factory.newConversation();
		String id = newId();
		this.sessions.put(id, new ChatSession(conversation));
		return id;
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
