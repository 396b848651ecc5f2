package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server answered with an HTTP error status. Subclasses name the common statuses;
 * other statuses (such as 408) raise this class itself.
 */
public class ApiStatusException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration retryAfter;

	private volatile @Nullable Boolean serverRetryAdvice;

	ApiStatusException(String message, int statusCode, ApiError error, @Nullable String requestId,
			@Nullable Duration retryAfter) {
		super(message, null, statusCode, error, requestId);
		this.retryAfter = retryAfter;
	}

	/**
	 * The delay the server asked for before a retry ({@code retry-after-ms} or
	 * {@code Retry-After}), even when it was longer than the client is willing to wait.
	 * @return the delay, or {@code null} if the server suggested none
	 */
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean isRetryable() {
		Boolean advice = this.serverRetryAdvice;
		if (advice != null) {
			return advice;
		}
		Integer status = statusCode();
		return status != null && (status == 408 || status == 409 || status == 429 || status >= 500);
	}

	/**
	 * Records the server's {@code x-should-retry} header, which overrides the status
	 * rule.
	 */
	void serverRetryAdvice(boolean retry) {
		this.serverRetryAdvice = retry;
	}

}
