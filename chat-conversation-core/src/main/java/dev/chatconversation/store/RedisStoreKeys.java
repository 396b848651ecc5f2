package dev.chatconversation.store;

import java.time.Instant;

/**
 * The names of a {@link RedisConversationStore}'s keys and the members of its list
 * indexes. An index member sorts by its bytes as the list order requires (update time,
 * then id, as {@link String#compareTo} orders ids): the time in 15 digits, then the id's
 * UTF-16 code units in hex, then the id itself after a {@code /}, which sorts below every
 * hex digit so that a shorter id sorts before the longer ids it starts.
 *
 * @param prefix the prefix of every key
 */
record RedisStoreKeys(String prefix) {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final int TIME_DIGITS = 15;

	/**
	 * The keys a conversation's script works on: its hash, its message list, the index of
	 * all conversations.
	 */
	String[] of(String id) {
		return new String[] { this.prefix + "conv:" + id, this.prefix + "msgs:" + id, byUpdated() };
	}

	String messages(String id) {
		return this.prefix + "msgs:" + id;
	}

	String byUpdated() {
		return this.prefix + "by-updated";
	}

	String owner(String owner) {
		return this.prefix + "owner:" + owner;
	}

	static String sortId(String id) {
		StringBuilder hex = new StringBuilder(id.length() * 4);
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			hex.append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
		}
		return hex.toString();
	}

	static String member(Instant updated, String id) {
		String millis = Long.toString(updated.toEpochMilli());
		return "0".repeat(Math.max(0, TIME_DIGITS - millis.length())) + millis + ":" + sortId(id) + "/" + id;
	}

}
