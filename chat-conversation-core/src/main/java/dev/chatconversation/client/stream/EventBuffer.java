package dev.chatconversation.client.stream;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The event being assembled by {@link SseDecoder}: its data buffer, reused from event to
 * event, and its fields.
 */
final class EventBuffer implements SseEvent {

	private byte[] data = new byte[1024];

	private int dataLength;

	private boolean hasData;

	@Nullable String type;

	@Nullable String lastEventId;

	private @Nullable Long retry;

	void appendData(byte[] bytes, int offset, int length, int maxEventSize) {
		int separator = this.hasData ? 1 : 0;
		int needed = this.dataLength + separator + length;
		if (needed > maxEventSize) {
			throw new SseDecoder.EventTooLargeException(maxEventSize);
		}
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(this.data.length * 2, needed));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = '\n';
		}
		System.arraycopy(bytes, offset, this.data, this.dataLength, length);
		this.dataLength += length;
		this.hasData = true;
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
				this.dataLength = 0;
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
		return this.data;
	}

	@Override
	public int dataOffset() {
		return 0;
	}

	@Override
	public int dataLength() {
		return this.dataLength;
	}

}
