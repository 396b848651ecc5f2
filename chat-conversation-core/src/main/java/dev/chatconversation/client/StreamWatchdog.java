package dev.chatconversation.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Enforces every time limit of one call, retries included: the total timeout of the call,
 * and the first-byte and stream-idle timeouts of its current attempt. One timer at a time
 * serves them all; progress on the hot path costs one volatile write, not a timer.
 *
 * <p>
 * The timer wakes at the earliest moment a limit could pass, which it can know in
 * advance: an attempt's idle deadline is never earlier than its start plus the idle
 * limit. If nothing has expired by then (an event arrived), it sleeps again until the
 * next such moment. Progress means a stream event (or, for non-streaming calls, the
 * response): keep-alive comments never reach the watchdog, so an upstream that only sends
 * them still times out.
 */
final class StreamWatchdog {

	private final @Nullable Duration firstByte;

	private final @Nullable Duration idle;

	private final @Nullable Duration total;

	private final Scheduler scheduler;

	private final long startedAt;

	private volatile long attemptStartedAt;

	private volatile long lastProgress;

	private volatile boolean responding;

	private volatile boolean delivered;

	private volatile @Nullable Reader reader;

	StreamWatchdog(Timeouts timeouts) {
		this.firstByte = timeouts.firstByte();
		this.idle = timeouts.streamIdle();
		this.total = timeouts.total();
		this.scheduler = Schedulers.parallel();
		this.startedAt = now();
		this.attemptStartedAt = this.startedAt;
	}

	/**
	 * A publisher that fails with an {@link ApiTimeoutException} when a limit of the call
	 * or of the current attempt passes, and never emits otherwise; what it guards must be
	 * cancelled when it fails.
	 * @param attempt whether an attempt runs (otherwise only the total limit applies, as
	 * between attempts)
	 * @return the alarm
	 */
	Mono<Object> alarm(boolean attempt) {
		return Mono.defer(() -> {
			long wait = nextCheck(attempt);
			if (wait == Long.MAX_VALUE) {
				return Mono.never();
			}
			return Mono.delay(Duration.ofMillis(wait), this.scheduler).flatMap((tick) -> {
				ApiTimeoutException expired = expired(attempt);
				return (expired != null) ? Mono.error(expired) : alarm(attempt);
			});
		});
	}

	/** An attempt starts: its first-byte limit runs from now. */
	void attemptStarted() {
		this.responding = false;
		this.attemptStartedAt = now();
	}

	/** The response status and headers arrived. */
	void responseStarted() {
		this.lastProgress = now();
		this.responding = true;
	}

	/**
	 * The reader of the current attempt's stream, which a stream-idle timeout describes,
	 * so that its message tells a silent server from a subscriber that asked for no more.
	 * @param current the reader
	 */
	void reading(Reader current) {
		this.reader = current;
	}

	/**
	 * The reader's stream ended or was cancelled: the watchdog lets go of it.
	 * @param ended the reader
	 */
	void readingEnded(Reader ended) {
		if (this.reader == ended) {
			this.reader = null;
		}
	}

	/** A stream event arrived. */
	void progress() {
		this.lastProgress = now();
	}

	/** A chunk went to the subscriber: the call may no longer be retried. */
	void delivered() {
		this.delivered = true;
	}

	boolean hasDelivered() {
		return this.delivered;
	}

	/** Milliseconds until a limit may have passed, or {@code Long.MAX_VALUE}. */
	private long nextCheck(boolean attempt) {
		long now = now();
		long next = (this.total != null) ? this.startedAt + this.total.toMillis() : Long.MAX_VALUE;
		if (attempt && this.firstByte != null && !this.responding) {
			next = Math.min(next, this.attemptStartedAt + this.firstByte.toMillis());
		}
		if (attempt && this.idle != null) {
			long since = this.responding ? this.lastProgress : Math.max(this.attemptStartedAt, now);
			next = Math.min(next, since + this.idle.toMillis());
		}
		return (next == Long.MAX_VALUE) ? next : Math.max(1, next - now);
	}

	private @Nullable ApiTimeoutException expired(boolean attempt) {
		long now = now();
		if (this.total != null && now >= this.startedAt + this.total.toMillis()) {
			return new ApiTimeoutException(ApiTimeoutException.Kind.TOTAL, this.total, null);
		}
		if (!attempt) {
			return null;
		}
		if (!this.responding) {
			return (this.firstByte != null && now >= this.attemptStartedAt + this.firstByte.toMillis())
					? new ApiTimeoutException(ApiTimeoutException.Kind.FIRST_BYTE, this.firstByte, null) : null;
		}
		return (this.idle != null && now >= this.lastProgress + this.idle.toMillis())
				? new ApiTimeoutException(ApiTimeoutException.Kind.STREAM_IDLE, this.idle, describeReader(), null)
				: null;
	}

	private @Nullable String describeReader() {
		Reader current = this.reader;
		return (current != null) ? current.describe() : null;
	}

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

	/**
	 * What reads a stream, as a stream-idle timeout reports it.
	 */
	interface Reader {

		/**
		 * The reader's state in words, read from another thread, so approximate.
		 * @return the state
		 */
		String describe();

	}

}
