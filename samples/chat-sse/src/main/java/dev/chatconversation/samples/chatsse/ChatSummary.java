package dev.chatconversation.samples.chatsse;

import java.time.Instant;
import java.util.Optional;

import dev.chatconversation.message.Message;
import dev.chatconversation.message.UserMessage;

/**
 * A chat as the list of past chats shows it.
 *
 * @param id its id
 * @param title its first user message, on one line and cut to {@value #TITLE_LIMIT}
 * characters
 * @param connection the connection it talks to
 * @param updated when it was created or last changed
 */
record ChatSummary(String id, String title, String connection, Instant updated) {

	static final int TITLE_LIMIT = 60;

	/**
	 * The summary of a chat, if it has a user message to take the title from.
	 * @param id the chat's id
	 * @param session the chat
	 * @return the summary, empty for a chat with no user message
	 */
	static Optional<ChatSummary> of(String id, ChatSession session) {
		return session.conversation()
			.messages()
			.stream()
			.filter(UserMessage.class::isInstance)
			.map(Message::text)
			.filter((text) -> !text.isBlank())
			.findFirst()
			.map((text) -> new ChatSummary(id, title(text), session.connection(), session.updated()));
	}

	private static String title(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		if (oneLine.codePointCount(0, oneLine.length()) <= TITLE_LIMIT) {
			return oneLine;
		}
		return oneLine.substring(0, oneLine.offsetByCodePoints(0, TITLE_LIMIT)).stripTrailing() + "\u2026";
	}

}
