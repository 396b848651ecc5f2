package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual clock that records every {@code Mono.delay}, so that a test can wait (in real
 * time, with a limit) until the client under test has scheduled its retry delay, read it,
 * and then advance virtual time by exactly that much. Network I/O stays real: only
 * {@code Mono.delay} and the other timers on {@code Schedulers.parallel()} are virtual.
 */
final class RecordingVirtualTimeScheduler extends VirtualTimeScheduler {

	private final BlockingQueue<Duration> pending = new LinkedBlockingQueue<>();

	private final List<Duration> delays = new CopyOnWriteArrayList<>();

	RecordingVirtualTimeScheduler() {
		super(false);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		Disposable scheduled = super.schedule(task, delay, unit);
		// only Mono.delay (the connection pool arms and cancels timers here too),
		// recorded
		// once queued, so that advancing time by it surely runs it
		if (delay > 0 && task.getClass().getName().startsWith("reactor.core.publisher.MonoDelay")) {
			Duration duration = Duration.ofNanos(unit.toNanos(delay));
			this.delays.add(duration);
			this.pending.add(duration);
		}
		return scheduled;
	}

	/**
	 * Waits up to 5 s (real time) for the next {@code Mono.delay}, then advances virtual
	 * time by its delay so that it runs.
	 * @return the delay
	 */
	Duration awaitDelayAndRunIt() {
		Duration delay = awaitDelay();
		advanceTimeBy(delay);
		return delay;
	}

	Duration awaitDelay() {
		try {
			Duration delay = this.pending.poll(5, TimeUnit.SECONDS);
			if (delay == null) {
				throw new AssertionError("Nothing was scheduled within 5 s");
			}
			return delay;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Every {@code Mono.delay} scheduled so far, in order. */
	List<Duration> delays() {
		return List.copyOf(this.delays);
	}

}
