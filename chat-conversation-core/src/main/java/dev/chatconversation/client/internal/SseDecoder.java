package dev.chatconversation.client.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * An incremental decoder of {@code text/event-stream} bodies that follows the server-sent
 * events specification: LF, CR and CRLF line ends (also when split between two reads), a
 * leading byte-order mark, {@code :} comments, {@code event}, {@code id} and
 * {@code retry} fields, data split over several {@code data:} lines (joined with
 * {@code \n}), {@code data:} with or without the space, and a last event without its
 * trailing blank line.
 *
 * <p>
 * It works on bytes and decodes no text itself, so a multi-byte UTF-8 character split
 * between two reads is never damaged. A body that stops being a stream (a line starting
 * with {@code {} or {@code [}, as Albert writes a bare JSON error after its {@code 200})
 * switches the decoder to collecting that raw body, reported at the end.
 *
 * <p>
 * It reads each array forward only: once a line has been processed, the decoder never
 * reads its bytes again, so a caller may reuse that part of its array during the
 * listener's call. An instance holds the state of one stream and is not thread-safe.
 */
public final class SseDecoder {

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	private static final long LF_BYTES = 0x0A0A0A0A0A0A0A0AL;

	private static final long CR_BYTES = 0x0D0D0D0D0D0D0D0DL;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	/** The bytes of a byte-order mark plus {@code data: }. */
	private static final int LINE_PREFIX_ALLOWANCE = 9;

	private final int maxEventSize;

	// only for a line split between reads: allocated then, so an idle stream holds none
	private byte @Nullable [] line;

	private int lineLength;

	private boolean skipLineFeed;

	private boolean atStart = true;

	private final EventBuffer event = new EventBuffer();

	private byte @Nullable [] raw;

	private int rawLength;

	/**
	 * Creates a decoder.
	 * @param maxEventSize the largest event (or raw body) accepted, in bytes
	 */
	public SseDecoder(int maxEventSize) {
		this.maxEventSize = maxEventSize;
	}

	/**
	 * Decodes the next bytes of the body, reporting each complete event.
	 * @param bytes the bytes
	 * @param offset where they start
	 * @param length how many there are
	 * @param listener receives complete events
	 * @throws EventTooLargeException if an event grows beyond the maximum size
	 */
	public void feed(byte[] bytes, int offset, int length, Listener listener) {
		try {
			decode(bytes, offset, length, listener);
		}
		finally {
			// the caller may reuse its array once this returns
			this.event.detach();
		}
	}

	private void decode(byte[] bytes, int offset, int length, Listener listener) {
		int position = offset;
		int end = offset + length;
		while (position < end) {
			if (this.raw != null) {
				appendRaw(bytes, position, end - position);
				return;
			}
			if (this.skipLineFeed) {
				this.skipLineFeed = false;
				if (bytes[position] == LF) {
					position++;
					continue;
				}
			}
			int lineEnd = findLineEnd(bytes, position, end);
			if (lineEnd < 0) {
				appendLine(bytes, position, end - position);
				return;
			}
			if (this.lineLength == 0) {
				checkLineLength(lineEnd - position);
				processLine(bytes, position, lineEnd - position, true, listener);
			}
			else {
				appendLine(bytes, position, lineEnd - position);
				processLine(this.line, 0, this.lineLength, false, listener);
				this.lineLength = 0;
			}
			if (this.raw != null) {
				// the raw body keeps its own line ends, byte for byte
				appendRaw(bytes, lineEnd, end - lineEnd);
				return;
			}
			this.skipLineFeed = bytes[lineEnd] == CR;
			position = lineEnd + 1;
		}
	}

	/**
	 * Ends the body: a last line without its line end is processed and a pending event
	 * without its blank line is reported.
	 * @param listener receives the last event, or the raw body if the stream stopped
	 * being a stream
	 */
	public void finish(Listener listener) {
		if (this.raw != null) {
			listener.onRawBody(Arrays.copyOf(this.raw, this.rawLength));
			return;
		}
		if (this.lineLength > 0) {
			processLine(this.line, 0, this.lineLength, false, listener);
			this.lineLength = 0;
		}
		if (this.raw != null) {
			listener.onRawBody(Arrays.copyOf(this.raw, this.rawLength));
			return;
		}
		this.event.dispatch(listener);
	}

	/**
	 * The first LF or CR, looked for eight bytes at a time: an event's JSON is a few
	 * hundred bytes, and this scan runs over every byte of the body. A word is flagged
	 * with the classic has-zero-byte test on its XOR with each line end; the lowest
	 * flagged byte is always a real match.
	 */
	private static int findLineEnd(byte[] bytes, int from, int end) {
		int i = from;
		for (; i + Long.BYTES <= end; i += Long.BYTES) {
			long word = (long) LONGS.get(bytes, i);
			long found = zeroBytes(word ^ LF_BYTES) | zeroBytes(word ^ CR_BYTES);
			if (found != 0) {
				return i + (Long.numberOfTrailingZeros(found) >>> 3);
			}
		}
		for (; i < end; i++) {
			byte b = bytes[i];
			if (b == LF || b == CR) {
				return i;
			}
		}
		return -1;
	}

	private static long zeroBytes(long word) {
		return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
	}

	private void processLine(byte[] bytes, int lineOffset, int lineLength, boolean lendable, Listener listener) {
		int offset = lineOffset;
		int length = lineLength;
		if (this.atStart) {
			this.atStart = false;
			if (length >= 3 && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
					&& bytes[offset + 2] == (byte) 0xBF) {
				offset += 3;
				length -= 3;
			}
		}
		if (length == 0) {
			this.event.dispatch(listener);
			return;
		}
		byte first = bytes[offset];
		if (first == ':') {
			return;
		}
		if (first == '{' || first == '[') {
			startRaw(bytes, offset, length);
			return;
		}
		int colon = indexOf(bytes, offset, offset + length, (byte) ':');
		int nameLength = (colon < 0) ? length : colon - offset;
		int valueStart = (colon < 0) ? offset + length : colon + 1;
		if (valueStart < offset + length && bytes[valueStart] == ' ') {
			valueStart++;
		}
		int valueLength = offset + length - valueStart;
		if (matches(bytes, offset, nameLength, "data")) {
			this.event.appendData(bytes, valueStart, valueLength, this.maxEventSize, lendable);
		}
		else if (matches(bytes, offset, nameLength, "event")) {
			this.event.type = new String(bytes, valueStart, valueLength, StandardCharsets.UTF_8);
		}
		else if (matches(bytes, offset, nameLength, "id")) {
			if (indexOf(bytes, valueStart, valueStart + valueLength, (byte) 0) < 0) {
				this.event.lastEventId = new String(bytes, valueStart, valueLength, StandardCharsets.UTF_8);
			}
		}
		else if (matches(bytes, offset, nameLength, "retry")) {
			this.event.retry(bytes, valueStart, valueLength);
		}
	}

	private void startRaw(byte[] bytes, int offset, int length) {
		this.raw = new byte[Math.max(256, length + 1)];
		appendRaw(bytes, offset, length);
	}

	private void appendRaw(byte[] bytes, int offset, int length) {
		byte[] target = this.raw;
		if (this.rawLength + length > this.maxEventSize) {
			throw new EventTooLargeException(this.maxEventSize);
		}
		if (this.rawLength + length > target.length) {
			target = Arrays.copyOf(target, Math.max(target.length * 2, this.rawLength + length));
			this.raw = target;
		}
		System.arraycopy(bytes, offset, target, this.rawLength, length);
		this.rawLength += length;
	}

	private void appendLine(byte[] bytes, int offset, int length) {
		int needed = this.lineLength + length;
		checkLineLength(needed);
		byte[] target = this.line;
		if (target == null || needed > target.length) {
			target = (target != null) ? Arrays.copyOf(target, Math.max(target.length * 2, needed))
					: new byte[Math.max(256, needed)];
			this.line = target;
		}
		System.arraycopy(bytes, offset, target, this.lineLength, length);
		this.lineLength = needed;
	}

	/**
	 * Refuses a line that cannot hold an event within the limit. The same rule applies
	 * whether the line arrived in one read or in many, so the outcome never depends on
	 * how the body was split; the allowance covers a leading byte-order mark and the
	 * {@code data: } prefix, leaving the exact data limit to the event buffer.
	 */
	private void checkLineLength(int length) {
		if (length < 0 || (long) length > (long) this.maxEventSize + LINE_PREFIX_ALLOWANCE) {
			throw new EventTooLargeException(this.maxEventSize);
		}
	}

	private static int indexOf(byte[] bytes, int from, int to, byte value) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static boolean matches(byte[] bytes, int offset, int length, String name) {
		if (length != name.length()) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (bytes[offset + i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Receives what the decoder finds.
	 */
	public interface Listener {

		/**
		 * A complete event. The event and its data bytes are only valid during the call.
		 * @param event the event
		 */
		void onEvent(SseEvent event);

		/**
		 * The rest of a body that stopped being an event stream.
		 * @param body the raw bytes, from the first line that is not an SSE field
		 */
		default void onRawBody(byte[] body) {
		}

	}

	/**
	 * Raised when one event, or a raw body, is larger than the configured maximum.
	 */
	public static final class EventTooLargeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int limit;

		EventTooLargeException(int limit) {
			super("A stream event is larger than the limit of " + limit + " bytes");
			this.limit = limit;
		}

		/**
		 * The limit that was exceeded.
		 * @return the limit in bytes
		 */
		public int limit() {
			return this.limit;
		}

	}

}
