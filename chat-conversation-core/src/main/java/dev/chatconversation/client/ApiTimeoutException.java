package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A timeout elapsed: connecting, waiting for the response to start, waiting for the next
 * stream event, or the whole request.
 */
public class ApiTimeoutException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	private final Duration timeout;

	ApiTimeoutException(Kind kind, Duration timeout, @Nullable Throwable cause) {
		this(kind, timeout, null, cause);
	}

	/**
	 * A timeout with what the call was doing when it elapsed.
	 * @param detail the state of the stream, or {@code null}
	 */
	ApiTimeoutException(Kind kind, Duration timeout, @Nullable String detail, @Nullable Throwable cause) {
		super((detail != null) ? kind.describe(timeout) + "; " + detail : kind.describe(timeout), cause, null,
				ApiError.NONE, null);
		this.kind = kind;
		this.timeout = timeout;
	}

	/**
	 * Which timeout elapsed.
	 * @return the kind of timeout
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The configured duration that elapsed.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public boolean isRetryable() {
		return this.kind != Kind.TOTAL;
	}

	/**
	 * The timeouts a request is subject to.
	 */
	public enum Kind {

		/** Establishing the TCP (and TLS) connection. */
		CONNECT("No connection within %s"),

		/** From sending the request to the start of the response. */
		FIRST_BYTE("No response within %s of sending the request"),

		/** Between two stream events; keep-alive comments do not count as events. */
		STREAM_IDLE("No stream event within %s (keep-alive comments do not count)"),

		/** The whole request, from sending it to the end of the response. */
		TOTAL("The request took longer than its total timeout of %s");

		private final String template;

		Kind(String template) {
			this.template = template;
		}

		String describe(Duration timeout) {
			return String.format(this.template, Durations.format(timeout));
		}

	}

}
