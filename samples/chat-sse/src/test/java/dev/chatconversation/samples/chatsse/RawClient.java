package dev.chatconversation.samples.chatsse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The app as a hostile or hurried client sees it: Reactor Netty's {@link HttpClient} with
 * nothing in between, so a test decides the framing of a body (a length, or chunks
 * without one), the client address a trusted proxy would forward, and when the connection
 * is dropped.
 */
final class RawClient {

	private final HttpClient http;

	RawClient(int port, ConnectionProvider connections) {
		this.http = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + port);
	}

	/**
	 * Sends a request and reads the whole answer.
	 * @param forwardedFor the client address a trusted proxy would forward, or
	 * {@code null}
	 * @param body the body's buffers: sent with a {@code Content-Length} when it is a
	 * {@link Mono}, in chunks when it is a {@link Flux}
	 */
	Mono<Answer> exchange(HttpMethod method, String path, @Nullable String forwardedFor, Publisher<ByteBuf> body) {
		return client(forwardedFor).request(method)
			.uri(path)
			.send(body)
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), response.responseHeaders(), text)));
	}

	/** Like {@link #exchange} with a JSON body sent with its length. */
	Mono<Answer> json(HttpMethod method, String path, @Nullable String forwardedFor, String json) {
		return exchange(method, path, forwardedFor, Mono.fromSupplier(() -> text(json)));
	}

	/**
	 * Sends a message and streams the answer's body as it arrives; cancelling the
	 * returned {@code Flux} drops the connection, as a closed browser tab does.
	 */
	Flux<String> stream(String id, @Nullable String forwardedFor, String content) {
		String body = "{\"content\": \"" + content + "\"}";
		return client(forwardedFor).headers((headers) -> headers.set("Accept", "text/event-stream"))
			.post()
			.uri("/api/conversations/" + id + "/messages")
			.send(Mono.fromSupplier(() -> text(body)))
			.response((response, events) -> (response.status().code() == 200) ? events.asString(StandardCharsets.UTF_8)
					: Flux.error(new IllegalStateException("HTTP " + response.status().code())));
	}

	/**
	 * Sends a message and keeps its answer's stream open until the returned stream is
	 * closed, reading it on the test's own thread: nothing blocks inside Reactor's
	 * callbacks, and a test may send other requests while this one streams.
	 */
	OpenStream open(String id, @Nullable String forwardedFor, String content) {
		return new OpenStream(stream(id, forwardedFor, content));
	}

	private HttpClient client(@Nullable String forwardedFor) {
		return this.http.headers((headers) -> {
			headers.set("Content-Type", "application/json");
			if (forwardedFor != null) {
				headers.set("X-Forwarded-For", "203.0.113.9, " + forwardedFor);
			}
		});
	}

	static ByteBuf text(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

	/**
	 * An answer's stream as it arrives, whatever pieces the network cuts it into; closing
	 * it drops the connection.
	 */
	static final class OpenStream implements AutoCloseable {

		private static final Object END = new Object();

		private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();

		private final StringBuilder text = new StringBuilder();

		private final Disposable subscription;

		OpenStream(Flux<String> stream) {
			this.subscription = stream.subscribe(this.pieces::add, this.pieces::add, () -> this.pieces.add(END));
		}

		/**
		 * Waits until the text read so far contains the given text.
		 * @return the text read so far
		 * @throws AssertionError if the stream ends, fails or stays short of it for 10 s
		 */
		String awaitText(String expected) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.text.indexOf(expected) < 0) {
				Object piece = this.pieces.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (piece == null || piece == END || piece instanceof Throwable) {
					AssertionError failure = new AssertionError("Expected the stream to send '" + expected
							+ "', but it " + ((piece == null) ? "sent nothing more for 10 s" : "ended") + " after: "
							+ this.text);
					if (piece instanceof Throwable ex) {
						failure.initCause(ex);
					}
					throw failure;
				}
				this.text.append((String) piece);
			}
			return this.text.toString();
		}

		@Override
		public void close() {
			this.subscription.dispose();
		}

	}

	/**
	 * A whole answer.
	 */
	record Answer(int status, HttpHeaders headers, String body) {

		String contentType() {
			return String.valueOf(this.headers.get("Content-Type"));
		}

	}

}
