package dev.chatconversation.store;

import java.util.List;
import java.util.Objects;

import dev.chatconversation.message.Message;

/**
 * A conversation as a store holds it: its record and its messages, in order.
 *
 * @param record the metadata
 * @param messages the messages
 */
public record StoredConversation(ConversationRecord record, List<Message> messages) {

	public StoredConversation {
		Objects.requireNonNull(record, "record");
		messages = List.copyOf(messages);
	}

}
