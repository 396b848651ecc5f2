package dev.chatconversation.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Enforces the first-byte and stream-idle timeouts of one attempt with a single timer
 * that re-arms itself, so that progress on the hot path costs one volatile write rather
 * than a timer per event.
 *
 * <p>
 * Progress means a stream event (or, for non-streaming calls, the response): keep-alive
 * comments never reach the watchdog, so an upstream that only sends them still times out.
 */
final class StreamWatchdog {

	private final @Nullable Duration firstByte;

	private final @Nullable Duration idle;

	private final Scheduler scheduler;

	private final long startedAt;

	private volatile long lastProgress;

	private volatile boolean responding;

	private @Nullable MonoSink<Object> alarm;

	private @Nullable Disposable timer;

	StreamWatchdog(@Nullable Duration firstByte, @Nullable Duration idle) {
		this.firstByte = firstByte;
		this.idle = idle;
		this.scheduler = Schedulers.parallel();
		this.startedAt = now();
	}

	/**
	 * A publisher that fails with an {@link ApiTimeoutException} when a limit is exceeded
	 * and never emits otherwise; the call must be cancelled when it fails.
	 */
	Mono<Object> alarm() {
		if (this.firstByte == null && this.idle == null) {
			return Mono.never();
		}
		return Mono.create((sink) -> {
			synchronized (this) {
				this.alarm = sink;
				arm();
			}
			sink.onDispose(this::disarm);
		});
	}

	/** The response status and headers arrived. */
	void responseStarted() {
		this.lastProgress = now();
		this.responding = true;
		synchronized (this) {
			if (this.timer == null && this.alarm != null) {
				arm();
			}
		}
	}

	/** A stream event arrived. */
	void progress() {
		this.lastProgress = now();
	}

	private void check() {
		synchronized (this) {
			this.timer = null;
			if (this.alarm == null) {
				return;
			}
			long now = now();
			long deadline = deadline();
			if (deadline != Long.MAX_VALUE && now >= deadline) {
				MonoSink<Object> sink = this.alarm;
				this.alarm = null;
				sink.error(expired());
				return;
			}
			arm();
		}
	}

	private void arm() {
		long deadline = deadline();
		if (deadline != Long.MAX_VALUE) {
			this.timer = this.scheduler.schedule(this::check, Math.max(1, deadline - now()), TimeUnit.MILLISECONDS);
		}
	}

	private synchronized void disarm() {
		this.alarm = null;
		if (this.timer != null) {
			this.timer.dispose();
			this.timer = null;
		}
	}

	private long deadline() {
		if (!this.responding) {
			return (this.firstByte != null) ? this.startedAt + this.firstByte.toMillis() : Long.MAX_VALUE;
		}
		return (this.idle != null) ? this.lastProgress + this.idle.toMillis() : Long.MAX_VALUE;
	}

	private ApiTimeoutException expired() {
		if (!this.responding) {
			return new ApiTimeoutException(ApiTimeoutException.Kind.FIRST_BYTE, this.firstByte, null);
		}
		return new ApiTimeoutException(ApiTimeoutException.Kind.STREAM_IDLE, this.idle, null);
	}

	private long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

}
