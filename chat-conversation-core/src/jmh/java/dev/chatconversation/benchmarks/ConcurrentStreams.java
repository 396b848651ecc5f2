package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many streams opened at once through one contender, counting those that complete, those
 * that fail, and those that reached a hold point.
 */
final class ConcurrentStreams {

	private final Contender contender;

	private final StreamSpec spec;

	private final int streams;

	private final AtomicInteger atHold = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();

	ConcurrentStreams(Contender contender, StreamSpec spec, int streams) {
		this.contender = contender;
		this.spec = spec;
		this.streams = streams;
	}

	/**
	 * Opens all streams on subscription.
	 * @return how many completed with every chunk
	 */
	Mono<Long> run() {
		int hold = this.spec.holdAt();
		StreamProbe probe = new StreamProbe() {
			@Override
			public void chunk(long count) {
				if (count == hold) {
					ConcurrentStreams.this.atHold.incrementAndGet();
				}
			}
		};
		return Flux.range(0, this.streams)
			.flatMap((i) -> this.contender.stream(this.spec, probe).onErrorResume(this::failure), this.streams, 1)
			.count();
	}

	/**
	 * Waits until every stream reached the hold point or failed.
	 * @param timeout how long to wait at most
	 * @return whether all got there in time
	 */
	boolean awaitHold(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.atHold.get() + this.failed.get() < this.streams) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			JvmMeters.sleep(10);
		}
		return true;
	}

	int failed() {
		return this.failed.get();
	}

	String firstFailure() {
		Throwable failure = this.firstFailure.get();
		return (failure != null) ? failure.toString() : "none";
	}

	private Mono<Long> failure(Throwable failure) {
		this.failed.incrementAndGet();
		this.firstFailure.compareAndSet(null, failure);
		return Mono.empty();
	}

}
