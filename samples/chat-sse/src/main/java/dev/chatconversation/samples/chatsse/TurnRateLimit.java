package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client for the turns it starts: {@code burst} tokens, refilled at
 * {@code perMinute} a minute.
 *
 * <p>
 * Each bucket is one number, the time at which it will be full again (the generic cell
 * rate algorithm, equivalent to a token bucket), updated lock-free. A bucket that is full
 * holds no information, so once more than {@link #MAX_TRACKED} clients are tracked the
 * full ones are forgotten: memory stays bounded by the clients active within one refill
 * period.
 */
final class TurnRateLimit {

	static final int MAX_TRACKED = 10_000;

	private final Map<String, AtomicLong> fullAt = new ConcurrentHashMap<>();

	private final long interval;

	private final long burstWindow;

	private final LongSupplier nanoTime;

	TurnRateLimit(int burst, int perMinute, LongSupplier nanoTime) {
		this.interval = Duration.ofMinutes(1).toNanos() / perMinute;
		this.burstWindow = this.interval * burst;
		this.nanoTime = nanoTime;
	}

	/**
	 * Takes a token from the client's bucket.
	 * @param client the client's key
	 * @return zero if the turn may start, else how long until a token is back
	 */
	Duration tryTake(String client) {
		long now = this.nanoTime.getAsLong();
		if (this.fullAt.size() > MAX_TRACKED) {
			// a bucket removed here while its client takes a token was full: at worst
			// that
			// client gets one turn for free
			this.fullAt.values().removeIf((bucket) -> bucket.get() <= now);
		}
		AtomicLong bucket = this.fullAt.computeIfAbsent(client, (key) -> new AtomicLong(now));
		while (true) {
			long full = bucket.get();
			long next = Math.max(full, now) + this.interval;
			long allowedFrom = next - this.burstWindow;
			if (allowedFrom > now) {
				return Duration.ofNanos(allowedFrom - now);
			}
			if (bucket.compareAndSet(full, next)) {
				return Duration.ZERO;
			}
		}
	}

	int trackedClients() {
		return this.fullAt.size();
	}

}
