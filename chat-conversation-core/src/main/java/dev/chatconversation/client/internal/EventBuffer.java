package dev.chatconversation.client.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The event being assembled by {@link SseDecoder}: its data and its fields.
 *
 * <p>
 * The common event, one {@code data:} line that arrives whole in one read, is not copied:
 * the buffer borrows that line from the caller's array until the event is dispatched or
 * the read ends ({@link #detach()}). Only data that must outlive a read (an event split
 * between reads, or spread over several lines) is copied into an array of its own, which
 * is allocated on first use, so that an idle stream holds none.
 */
final class EventBuffer implements SseEvent {

	private static final int INITIAL_SIZE = 512;

	private static final byte[] EMPTY = new byte[0];

	private byte @Nullable [] owned;

	private int ownedLength;

	private byte @Nullable [] borrowed;

	private int borrowedOffset;

	private int borrowedLength;

	private boolean hasData;

	@Nullable String type;

	@Nullable String lastEventId;

	private @Nullable Long retry;

	/**
	 * Adds a data line.
	 * @param bytes the array holding the line
	 * @param offset where the value starts
	 * @param length the value's length
	 * @param maxEventSize the largest event accepted
	 * @param lendable whether {@code bytes} stays unchanged until {@link #detach()}, so
	 * that the value may be borrowed instead of copied
	 */
	void appendData(byte[] bytes, int offset, int length, int maxEventSize, boolean lendable) {
		int separator = this.hasData ? 1 : 0;
		if ((long) dataLength() + separator + length > maxEventSize) {
			throw new SseDecoder.EventTooLargeException(maxEventSize);
		}
		if (!this.hasData && lendable) {
			this.borrowed = bytes;
			this.borrowedOffset = offset;
			this.borrowedLength = length;
			this.hasData = true;
			return;
		}
		detach();
		byte[] target = ensureCapacity(this.ownedLength + separator + length);
		if (this.hasData) {
			target[this.ownedLength++] = '\n';
		}
		System.arraycopy(bytes, offset, target, this.ownedLength, length);
		this.ownedLength += length;
		this.hasData = true;
	}

	/**
	 * Copies borrowed data into this buffer's own array, before the array it was borrowed
	 * from is reused.
	 */
	void detach() {
		byte[] source = this.borrowed;
		if (source != null) {
			this.borrowed = null;
			byte[] target = ensureCapacity(this.borrowedLength);
			System.arraycopy(source, this.borrowedOffset, target, 0, this.borrowedLength);
			this.ownedLength = this.borrowedLength;
		}
	}

	private byte[] ensureCapacity(int needed) {
		byte[] current = this.owned;
		if (current == null || needed > current.length) {
			int size = (current != null) ? Math.max(current.length * 2, needed) : Math.max(INITIAL_SIZE, needed);
			current = (this.owned != null) ? Arrays.copyOf(this.owned, size) : new byte[size];
			this.owned = current;
		}
		return current;
	}

	void retry(byte[] bytes, int offset, int length) {
		if (length == 0 || length > 18) {
			return;
		}
		long value = 0;
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] < '0' || bytes[i] > '9') {
				return;
			}
			value = value * 10 + (bytes[i] - '0');
		}
		this.retry = value;
	}

	/**
	 * Reports the event if it has data, then clears it for the next one; the last event
	 * id persists, as the specification requires.
	 */
	void dispatch(SseDecoder.Listener listener) {
		if (this.hasData) {
			try {
				listener.onEvent(this);
			}
			finally {
				this.hasData = false;
				this.borrowed = null;
				this.ownedLength = 0;
				this.type = null;
			}
		}
		else {
			this.type = null;
		}
	}

	@Override
	public @Nullable String type() {
		return this.type;
	}

	@Override
	public @Nullable String lastEventId() {
		return this.lastEventId;
	}

	@Override
	public @Nullable Long retry() {
		return this.retry;
	}

	@Override
	public byte[] dataArray() {
		byte[] borrowed = this.borrowed;
		if (borrowed != null) {
			return borrowed;
		}
		return (this.owned != null) ? this.owned : EMPTY;
	}

	@Override
	public int dataOffset() {
		return (this.borrowed != null) ? this.borrowedOffset : 0;
	}

	@Override
	public int dataLength() {
		return (this.borrowed != null) ? this.borrowedLength : this.ownedLength;
	}

}
