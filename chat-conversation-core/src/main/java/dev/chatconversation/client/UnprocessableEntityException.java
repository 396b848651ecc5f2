package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server understood the request but cannot process it (HTTP 422), as Mistral answers
 * to unknown fields.
 */
public class UnprocessableEntityException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	UnprocessableEntityException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

}
