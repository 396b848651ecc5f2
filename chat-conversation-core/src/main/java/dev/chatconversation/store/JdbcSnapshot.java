package dev.chatconversation.store;

import java.util.List;

/**
 * A conversation's row and the JSON of its messages, as one statement read them.
 *
 * @param row the conversation's row
 * @param json the JSON of its messages, in index order
 */
record JdbcSnapshot(JdbcConversationRow row, List<String> json) {

	JdbcSnapshot {
		json = List.copyOf(json);
	}

	/**
	 * Checks that the message rows follow each other without a gap.
	 * @param id the conversation
	 * @param expected the index the next row should have
	 * @param index the index it has
	 * @param json its JSON
	 * @return the JSON
	 */
	static String checkIndex(String id, int expected, int index, String json) {
		if (index != expected) {
			throw new ConversationStoreException(id, "Conversation '" + id + "' has no message at index " + expected
					+ " in the JDBC store (the next stored index is " + index + ")", null);
		}
		return json;
	}

	/**
	 * The conversation, its messages read.
	 * @return the conversation
	 * @throws ConversationStoreException if a message is not valid or missing
	 */
	StoredConversation conversation() {
		String id = this.row.id();
		if (this.json.size() != this.row.messageCount()) {
			throw new ConversationStoreException(id, "Conversation '" + id + "' counts " + this.row.messageCount()
					+ " messages but the JDBC store holds " + this.json.size() + " message rows for it", null);
		}
		return new StoredConversation(this.row.record(), StoredMessages.fromJson(id, this.json));
	}

}
