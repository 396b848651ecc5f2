package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * The server reported an error inside a stream after answering 200, or the stream ended
 * or stopped being a stream before the reply was complete.
 */
public class StreamErrorException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	StreamErrorException(String message, @Nullable Throwable cause, @Nullable Integer statusCode, ApiError error,
			@Nullable String requestId) {
		super(message, cause, statusCode, error, requestId);
	}

}
