package dev.chatconversation.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Turns a {@link RetryPolicy} into a Reactor {@link Retry}: which failures are retried
 * and how long to wait, recording on the final exception how many attempts were made.
 */
final class RetryStrategy {

	private final RetryPolicy policy;

	RetryStrategy(RetryPolicy policy) {
		this.policy = policy;
	}

	/**
	 * A retry spec for one call.
	 * @param allowed whether retrying is still allowed, checked at each failure (a stream
	 * stops allowing it once a chunk was delivered)
	 */
	Retry forCall(BooleanSupplier allowed) {
		return Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			Duration delay = nextDelay(failure, signal.totalRetries(), allowed.getAsBoolean());
			if (delay == null) {
				return Flux.error(failure);
			}
			return Mono.delay(delay).thenReturn(signal.totalRetries());
		}));
	}

	/**
	 * Decides on a failed attempt, recording on the exception how many attempts were
	 * made.
	 * @param failure why the attempt failed
	 * @param retries how many retries came before it
	 * @param allowed whether retrying is still allowed (a stream stops allowing it once a
	 * chunk was delivered)
	 * @return the wait before the next attempt, or {@code null} to give up
	 */
	@Nullable Duration nextDelay(Throwable failure, long retries, boolean allowed) {
		if (!(failure instanceof ChatCompletionsException exception)) {
			return null;
		}
		exception.recordAttempts((int) retries + 1);
		return (allowed && retries < this.policy.maxRetries() && exception.isRetryable()) ? delay(exception, retries)
				: null;
	}

	/**
	 * The wait before the next attempt, or {@code null} to give up because the server
	 * asked for a longer wait than the policy honours.
	 */
	@Nullable Duration delay(ChatCompletionsException failure, long retries) {
		if (failure instanceof ApiStatusException status && status.retryAfter() != null) {
			Duration asked = status.retryAfter();
			if (asked.compareTo(this.policy.maxRetryAfter()) > 0) {
				return null;
			}
			if (!asked.isNegative() && !asked.isZero()) {
				return asked;
			}
		}
		Duration backoff = this.policy.backoff(retries);
		double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.25;
		return Duration.ofNanos((long) (backoff.toNanos() * jitter));
	}

}
