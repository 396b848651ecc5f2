package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The rate limit or quota is exceeded (HTTP 429); retried by default, honouring
 * {@code Retry-After} up to a cap.
 */
public class RateLimitException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	RateLimitException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
