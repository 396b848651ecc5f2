package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * A response body or a single stream event exceeded the client's configured maximum size.
 */
public class ResponseTooLargeException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	ResponseTooLargeException(String message, @Nullable Throwable cause, @Nullable Integer statusCode, ApiError error,
			@Nullable String requestId) {
		super(message, cause, statusCode, error, requestId);
	}

}
