package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * The root of the unchecked exceptions raised by calls and streams, whatever went wrong:
 * an HTTP error status, a connection failure, a timeout, an error inside a stream or a
 * response that cannot be read.
 *
 * <p>
 * Each exception carries what is known: the HTTP status, the provider's error (message,
 * type, code, param), the request id header and how many attempts were made. Messages
 * never contain the API key. Exceptions are built in one place, {@code ChatExceptions}.
 */
public class ChatCompletionsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Integer statusCode;

	private final transient ApiError error;

	private final @Nullable String requestId;

	private volatile int attempts = 1;

	/**
	 * Creates an exception.
	 * @param message the message, which must not contain secrets
	 * @param cause the underlying failure
	 * @param statusCode the HTTP status, when a response arrived
	 * @param error the provider's error
	 * @param requestId the provider's request id
	 */
	protected ChatCompletionsException(String message, @Nullable Throwable cause, @Nullable Integer statusCode,
			ApiError error, @Nullable String requestId) {
		super(message, cause);
		this.statusCode = statusCode;
		this.error = error;
		this.requestId = requestId;
	}

	/**
	 * The HTTP status of the response, when one arrived.
	 * @return the status, or {@code null} for connection errors and timeouts before a
	 * response
	 */
	public @Nullable Integer statusCode() {
		return this.statusCode;
	}

	/**
	 * The error the provider reported.
	 * @return the error; its fields are {@code null} when the provider said nothing
	 */
	public ApiError error() {
		return this.error;
	}

	/**
	 * The provider's request id ({@code x-request-id} and similar headers), to quote to
	 * its support.
	 * @return the request id, or {@code null}
	 */
	public @Nullable String requestId() {
		return this.requestId;
	}

	/**
	 * How many attempts were made before giving up, retries included.
	 * @return the number of attempts, at least 1
	 */
	public int attempts() {
		return this.attempts;
	}

	/**
	 * Whether retrying the same request later may succeed (connection errors, timeouts,
	 * 408, 409, 429 and 5xx statuses).
	 * @return {@code true} if the failure is transient
	 */
	public boolean isRetryable() {
		return false;
	}

	void recordAttempts(int attempts) {
		this.attempts = attempts;
	}

}
