package dev.chatconversation.store;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a store knows of a conversation besides its messages.
 *
 * @param id the conversation's id
 * @param owner who the conversation belongs to, or {@code null}
 * @param title a title for lists, or {@code null}; a store sets it to the start of the
 * first user message when none was given
 * @param model the model the conversation was created for, or {@code null}
 * @param createdAt when it was created (millisecond precision)
 * @param updatedAt when its messages last changed (millisecond precision)
 * @param version raised by one at every change of the messages
 * @param messageCount how many messages it holds
 */
public record ConversationRecord(String id, @Nullable String owner, @Nullable String title, @Nullable String model,
		Instant createdAt, Instant updatedAt, long version, int messageCount) {

	public ConversationRecord {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
	}

}
