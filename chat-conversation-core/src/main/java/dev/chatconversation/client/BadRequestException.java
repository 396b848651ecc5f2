package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server rejected the request as malformed or unsupported (HTTP 400), for instance an
 * unknown parameter or a prompt longer than the model's context.
 */
public class BadRequestException extends ApiStatusException {

	private static final long serialVersionUID = 1L;

	BadRequestException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, statusCode, error, requestId, retryAfter);
	}

	/**
	 * Whether the request was rejected because the prompt exceeds the model's context
	 * window, recognised by the error code or, for providers with generic codes such as
	 * DeepSeek, by the message text.
	 * @return {@code true} for a context-length error
	 */
	public boolean isContextLengthExceeded() {
		String code = error().code();
		if ("context_length_exceeded".equals(code)) {
			return true;
		}
		String message = error().message();
		if (message == null) {
			return false;
		}
		String text = message.toLowerCase(java.util.Locale.ROOT);
		return text.contains("context length") || text.contains("context window") || text.contains("maximum context")
				|| text.contains("too many tokens");
	}

}
