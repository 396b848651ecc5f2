package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server failed (HTTP 5xx); retried by default.
 */
public class InternalServerException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	InternalServerException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
