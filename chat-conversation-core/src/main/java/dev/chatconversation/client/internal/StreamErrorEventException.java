package dev.chatconversation.client.internal;

import tools.jackson.databind.JsonNode;

/**
 * Raised when a stream event carries an error object instead of a chunk.
 */
public final class StreamErrorEventException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient JsonNode error;

	StreamErrorEventException(JsonNode error) {
		super("The stream reported an error");
		this.error = error;
	}

	/**
	 * The error as the server sent it: the value of {@code error}, or the whole event for
	 * vLLM's {@code {"object": "error"}} shape.
	 * @return the error
	 */
	public JsonNode error() {
		return this.error;
	}

}
