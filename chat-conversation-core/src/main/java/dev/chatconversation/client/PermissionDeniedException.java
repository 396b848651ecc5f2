package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The API key may not use this model or endpoint (HTTP 403).
 */
public class PermissionDeniedException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	PermissionDeniedException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
