package dev.chatconversation.client;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import dev.chatconversation.message.FailedTurn;
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
 *
 * <p>
 * A conversation turn fails with these same exceptions, so a failure can be caught by its
 * type ({@code onErrorResume(RateLimitException.class, ...)}); {@link #turn()} then says
 * what the turn left in the history and holds the user's message to send again, and the
 * message ends with it in words.
 */
public class ChatCompletionsException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Integer statusCode;

	private final transient ApiError error;

	private final @Nullable String requestId;

	private static final AtomicReferenceFieldUpdater<ChatCompletionsException, FailedTurn> TURN = AtomicReferenceFieldUpdater
		.newUpdater(ChatCompletionsException.class, FailedTurn.class, "turn");

	private volatile int attempts = 1;

	private transient volatile @Nullable FailedTurn turn;

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

	/**
	 * What the conversation turn that failed with this exception left in the history.
	 * @return the failed turn, or {@code null} if the exception did not fail a turn (a
	 * call made on the client directly)
	 */
	public @Nullable FailedTurn turn() {
		return this.turn;
	}

	/**
	 * The message, followed, once the exception failed a conversation turn, by what the
	 * history kept.
	 * @return the message
	 */
	@Override
	public String getMessage() {
		String message = super.getMessage();
		FailedTurn failed = this.turn;
		return (failed != null) ? message + " [the turn failed: " + failed.summary() + "]" : message;
	}

	/**
	 * Records the turn an exception failed, for the conversation, which is the only
	 * caller. Protected rather than public so that the turn of an exception cannot be
	 * changed from outside the hierarchy; the first turn recorded stays.
	 * @param <E> the type of the exception
	 * @param failure the exception
	 * @param turn what the turn left in the history
	 * @return the exception
	 */
	protected static <E extends ChatCompletionsException> E failedTurn(E failure, FailedTurn turn) {
		TURN.compareAndSet(failure, null, turn);
		return failure;
	}

	void recordAttempts(int attempts) {
		this.attempts = attempts;
	}

}
