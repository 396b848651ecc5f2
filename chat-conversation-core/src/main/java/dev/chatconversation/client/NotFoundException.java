package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The model or endpoint does not exist (HTTP 404); check the model name and the base URL.
 */
public class NotFoundException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	NotFoundException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
