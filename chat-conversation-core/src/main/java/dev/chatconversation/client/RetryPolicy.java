package dev.chatconversation.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how failed requests are retried.
 *
 * <p>
 * Retried: connection errors, connect and first-byte timeouts, HTTP 408, 409, 429 and 5xx
 * (a {@code x-should-retry} response header overrides the status rule). Never retried:
 * other statuses, and a stream once a chunk was delivered, so text is never duplicated.
 * The delay is the server's {@code retry-after-ms} or {@code Retry-After} (seconds or
 * HTTP date) when it asks for one no longer than {@code maxRetryAfter}; a longer request
 * makes the client give up at once rather than block the caller. Otherwise the delay is
 * {@code min(initialBackoff * 2^n, maxBackoff)} times a random factor in [0.75, 1].
 *
 * @param maxRetries how many times a request is retried after its first attempt (0 turns
 * retries off)
 * @param initialBackoff the delay before the first retry, before jitter
 * @param maxBackoff the longest delay of the client's own backoff
 * @param maxRetryAfter the longest server-requested delay the client honours
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

	/**
	 * Two retries, 0.5 s initial backoff, 8 s maximum, server delays honoured up to 60 s.
	 */
	public static final RetryPolicy DEFAULTS = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8),
			Duration.ofSeconds(60));

	/** No retries. */
	public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(500), Duration.ofSeconds(8),
			Duration.ofSeconds(60));

	public RetryPolicy {
		if (maxRetries < 0) {
			throw new IllegalArgumentException("maxRetries must not be negative but is " + maxRetries);
		}
		Objects.requireNonNull(initialBackoff, "initialBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
	}

	/**
	 * A copy with another number of retries.
	 * @param maxRetries retries after the first attempt
	 * @return the copy
	 */
	public RetryPolicy withMaxRetries(int maxRetries) {
		return new RetryPolicy(maxRetries, this.initialBackoff, this.maxBackoff, this.maxRetryAfter);
	}

	/**
	 * The client's own delay before retry number {@code retry} (from 0), before jitter.
	 * @param retry the retry number
	 * @return the delay
	 */
	Duration backoff(long retry) {
		long shift = Math.min(retry, 30);
		Duration delay = this.initialBackoff.multipliedBy(1L << shift);
		return (delay.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : delay;
	}

}
