package dev.chatconversation.benchmarks.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * N browser-like clients at once, each on Reactor Netty's {@link HttpClient}: create a
 * chat, send a message, read the {@code text/event-stream} reply to its end. Each reply
 * is checked by counting its {@code data:} lines; the time to the first line with text is
 * kept per chat.
 */
final class Browsers {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

	private final String baseUrl;

	private final EndpointApp app;

	private final int deltas;

	private final Queue<Long> firstTextNanos = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private @Nullable Duration idle;

	Browsers(String baseUrl, EndpointApp app, int deltas) {
		this.baseUrl = baseUrl;
		this.app = app;
		this.deltas = deltas;
	}

	/**
	 * Fails a reply that receives nothing for this long (none by default), so that a
	 * stalled reply shows as a failure whatever the app's own timeouts.
	 * @param limit the longest silence a reply may have
	 * @return these browsers
	 */
	Browsers idleLimit(Duration limit) {
		this.idle = limit;
		return this;
	}

	/**
	 * Opens {@code count} chats at once on a connection pool of their own.
	 * @param count the chats
	 * @return how many replies arrived whole
	 */
	Mono<Long> run(int count) {
		return Mono.usingWhen(Mono.fromSupplier(() -> ConnectionProvider.builder("browsers")
			.maxConnections(2 * count + 16)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(5))
			.build()), (pool) -> {
				HttpClient http = HttpClient.create(pool).baseUrl(this.baseUrl);
				return Flux.range(0, count).flatMap((i) -> chat(http).onErrorResume(this::failure), count, 1).count();
			}, ConnectionProvider::disposeLater);
	}

	private Mono<Long> chat(HttpClient http) {
		return http.post()
			.uri("/chats")
			.responseSingle((response, body) -> body.asString())
			.map(Browsers::id)
			.flatMap((id) -> reply(http, id));
	}

	private Mono<Long> reply(HttpClient http, String id) {
		return Mono.defer(() -> {
			DataLines lines = new DataLines(this.app.firstTextLine(), System.nanoTime());
			return http
				.headers((headers) -> headers.set(HttpHeaderNames.ACCEPT, "text/event-stream")
					.set(HttpHeaderNames.CONTENT_TYPE, "text/plain"))
				.post()
				.uri("/chats/" + id + "/messages")
				.send(ByteBufFlux.fromString(Mono.just("Tell me a story.")))
				.response((response, body) -> {
					if (response.status().code() != 200) {
						return Mono.error(new IllegalStateException("HTTP " + response.status().code()));
					}
					Flux<ByteBuf> read = body.doOnNext(lines::scan);
					Duration limit = this.idle;
					return (limit == null) ? read : read
						.timeout(limit, Flux.defer(() -> Flux.error(new IllegalStateException(
								"Stalled: nothing read for " + limit + " after " + lines.count() + " data lines"))));
				})
				.onErrorMap((failure) -> !(failure instanceof IllegalStateException),
						(failure) -> new IllegalStateException(
								failure + " after " + lines.count() + " data lines (" + lines.summary() + ")", failure))
				.then(Mono.fromCallable(() -> check(lines)));
		});
	}

	private long check(DataLines lines) {
		int expected = this.app.lines(this.deltas);
		if (lines.count() != expected) {
			throw new IllegalStateException(
					"Expected " + expected + " data lines but got " + lines.count() + " (" + lines.summary() + ")");
		}
		this.firstTextNanos.add(lines.firstTextNanos());
		return lines.count();
	}

	private Mono<Long> failure(Throwable failure) {
		this.failed.incrementAndGet();
		this.failures.add(failure.toString());
		this.firstFailure.compareAndSet(null, failure);
		return Mono.empty();
	}

	Queue<Long> firstTextNanos() {
		return this.firstTextNanos;
	}

	int failed() {
		return this.failed.get();
	}

	/**
	 * Every failure of these browsers' chats, in the order they happened.
	 * @return one text per failed chat
	 */
	Queue<String> failures() {
		return this.failures;
	}

	String firstFailure() {
		Throwable failure = this.firstFailure.get();
		return (failure != null) ? failure.toString() : "none";
	}

	private static String id(String json) {
		Matcher matcher = ID.matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("No chat id in " + json);
		}
		return matcher.group(1);
	}

	/**
	 * Counts the {@code data:} lines of one reply across reads, timing the first text.
	 */
	private static final class DataLines {

		private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

		private final int firstTextLine;

		private final long start;

		private long firstText;

		private int count;

		private int matched;

		private long lastRead;

		DataLines(int firstTextLine, long start) {
			this.firstTextLine = firstTextLine;
			this.start = start;
			this.lastRead = start;
		}

		void scan(ByteBuf buffer) {
			this.lastRead = System.nanoTime();
			for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
				byte value = buffer.getByte(i);
				if (value == '\n') {
					this.matched = 0;
				}
				else if (this.matched >= 0 && this.matched < DATA.length) {
					this.matched = (value == DATA[this.matched]) ? this.matched + 1 : -1;
					if (this.matched == DATA.length && ++this.count == this.firstTextLine) {
						this.firstText = System.nanoTime();
					}
				}
			}
		}

		int count() {
			return this.count;
		}

		String summary() {
			return "last read " + (System.nanoTime() - this.lastRead) / 1_000_000 + " ms ago, "
					+ (this.lastRead - this.start) / 1_000_000 + " ms after the request";
		}

		long firstTextNanos() {
			return this.firstText - this.start;
		}

	}

}
