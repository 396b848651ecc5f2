package dev.chatconversation.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * Raised when a stream event is not a valid chunk; names the event's position in the
 * stream.
 */
public final class ChunkFormatException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int eventNumber;

	ChunkFormatException(int eventNumber, @Nullable String problem, @Nullable Throwable cause) {
		super("Stream event " + eventNumber + " is not a valid chunk: " + problem, cause);
		this.eventNumber = eventNumber;
	}

	/**
	 * The position of the faulty event in the stream, from 1.
	 * @return the event number
	 */
	public int eventNumber() {
		return this.eventNumber;
	}

}
