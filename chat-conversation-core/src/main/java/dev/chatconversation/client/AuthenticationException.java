package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The API key is missing, wrong or revoked (HTTP 401).
 */
public class AuthenticationException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	AuthenticationException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
