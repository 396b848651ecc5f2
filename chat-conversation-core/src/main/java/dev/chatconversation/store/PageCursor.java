package dev.chatconversation.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a conversation list ends: the update time and id of its last record, so
 * the next page starts strictly after it in the order (updated time, then id, both
 * descending) whatever was written in between. Written as an opaque Base64 text.
 *
 * @param updatedAt the last record's update time
 * @param id the last record's id
 */
public record PageCursor(Instant updatedAt, String id) {

	/**
	 * The cursor after a record.
	 * @param record the last record of a page
	 * @return the cursor
	 */
	public static PageCursor after(ConversationRecord record) {
		return new PageCursor(record.updatedAt(), record.id());
	}

	/**
	 * Reads a cursor.
	 * @param text the text {@link #toString()} wrote
	 * @return the cursor
	 * @throws IllegalArgumentException if the text is not a cursor
	 */
	public static PageCursor parse(String text) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return new PageCursor(Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, colon))),
					decoded.substring(colon + 1));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a conversation page cursor: '" + text + "'", ex);
		}
	}

	/**
	 * Whether a record comes after this cursor in the list order.
	 * @param record the record
	 * @return whether it belongs to a later page
	 */
	public boolean precedes(ConversationRecord record) {
		int byTime = record.updatedAt().compareTo(this.updatedAt);
		return byTime < 0 || byTime == 0 && record.id().compareTo(this.id) < 0;
	}

	@Override
	public String toString() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.updatedAt.toEpochMilli() + ":" + this.id).getBytes(StandardCharsets.UTF_8));
	}

}
