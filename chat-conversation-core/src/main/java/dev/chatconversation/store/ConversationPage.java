package dev.chatconversation.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a conversation list.
 *
 * @param conversations the records, the most recently updated first
 * @param next the cursor of the next page, or {@code null} if this is the last one
 */
public record ConversationPage(List<ConversationRecord> conversations, @Nullable String next) {

	public ConversationPage {
		conversations = List.copyOf(conversations);
	}

}
