package dev.chatconversation.samples.chatsse;

import java.time.Instant;
import java.util.Optional;

import dev.chatconversation.store.ConversationRecord;

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
	 * @param record the chat's record in the store, whose title is the start of its first
	 * user message
	 * @param connection the connection it talks to
	 * @return the summary, empty for a chat with no user message
	 */
	static Optional<ChatSummary> of(ConversationRecord record, String connection) {
		return Optional.ofNullable(record.title())
			.filter((text) -> !text.isBlank())
			.map((text) -> new ChatSummary(record.id(), title(text), connection, record.updatedAt()));
	}

	private static String title(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		if (oneLine.codePointCount(0, oneLine.length()) <= TITLE_LIMIT) {
			return oneLine;
		}
		return oneLine.substring(0, oneLine.offsetByCodePoints(0, TITLE_LIMIT)).stripTrailing() + "\u2026";
	}

}
