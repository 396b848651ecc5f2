package dev.chatconversation.samples.chatsse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Counts the reply streams open now, on the whole server and per client, against their
 * caps. A client's count is forgotten when it drops to zero, so memory is bounded by the
 * streams open.
 */
final class StreamPermits {

	private final int max;

	private final int maxPerClient;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, Integer> openByClient = new ConcurrentHashMap<>();

	StreamPermits(int max, int maxPerClient) {
		this.max = max;
		this.maxPerClient = maxPerClient;
	}

	/**
	 * Takes a permit for one stream; a granted permit must be {@link #release released}.
	 * @param client the client's key
	 * @return {@code null} if granted; else 429 when the client has its share open, or
	 * 503 when the server is full
	 */
	@Nullable HttpStatus tryAcquire(String client) {
		boolean[] granted = new boolean[1];
		this.openByClient.compute(client, (key, count) -> {
			int current = (count != null) ? count : 0;
			granted[0] = current < this.maxPerClient;
			return granted[0] ? current + 1 : count;
		});
		if (!granted[0]) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (this.open.incrementAndGet() > this.max) {
			this.open.decrementAndGet();
			releaseClient(client);
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		return null;
	}

	void release(String client) {
		this.open.decrementAndGet();
		releaseClient(client);
	}

	private void releaseClient(String client) {
		this.openByClient.computeIfPresent(client, (key, count) -> (count > 1) ? count - 1 : null);
	}

	int open() {
		return this.open.get();
	}

	int clients() {
		return this.openByClient.size();
	}

}
