package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A view of one decoded server-sent event. The data bytes belong to the decoder and are
 * only valid while the listener runs; {@link #data()} copies them into a string.
 */
public interface SseEvent {

	/**
	 * The event type from an {@code event:} field.
	 * @return the type, or {@code null} for the default {@code message} type
	 */
	@Nullable String type();

	/**
	 * The last event id seen on the stream ({@code id:} field).
	 * @return the id, or {@code null}
	 */
	@Nullable String lastEventId();

	/**
	 * The reconnection time the server asked for ({@code retry:} field).
	 * @return the time in milliseconds, or {@code null}
	 */
	@Nullable Long retry();

	/**
	 * The array holding the event's UTF-8 data.
	 * @return the array, shared with the decoder
	 */
	byte[] dataArray();

	/**
	 * Where the data starts in {@link #dataArray()}.
	 * @return the offset
	 */
	int dataOffset();

	/**
	 * The data's length in bytes.
	 * @return the length
	 */
	int dataLength();

	/**
	 * The data as text, data lines joined with {@code \n}.
	 * @return the data
	 */
	default String data() {
		return new String(dataArray(), dataOffset(), dataLength(), StandardCharsets.UTF_8);
	}

	/**
	 * Whether the data is exactly the given ASCII text, without decoding it.
	 * @param text ASCII text such as {@code [DONE]}
	 * @return {@code true} if the data equals the text
	 */
	default boolean dataEquals(String text) {
		if (dataLength() != text.length()) {
			return false;
		}
		byte[] data = dataArray();
		int offset = dataOffset();
		for (int i = 0; i < text.length(); i++) {
			if (data[offset + i] != text.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
