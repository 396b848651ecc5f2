package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * The connection to the server failed before a complete response arrived: refused, reset,
 * closed early or unresolvable.
 */
public class ApiConnectionException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	ApiConnectionException(String message, @Nullable Throwable cause, @Nullable Integer statusCode, ApiError error,
			@Nullable String requestId) {
		super(message, cause, statusCode, error, requestId);
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
