package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server reported a conflict (HTTP 409); retried by default.
 */
public class ConflictException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	ConflictException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
