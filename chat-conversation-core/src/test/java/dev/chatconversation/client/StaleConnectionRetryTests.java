package dev.chatconversation.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a server that answers once per connection, keeps the connection alive (no
 * {@code Connection: close}), then drops the next request sent on it without a byte, as a
 * server does whose idle keep-alive close crosses the client's next request. A call that
 * loses its request this way on a reused connection is retried at once, once, without
 * spending the retry budget; other failures are not.
 */
class StaleConnectionRetryTests {

	private final Set<Channel> served = ConcurrentHashMap.newKeySet();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger dropped = new AtomicInteger();

	private volatile boolean dieDuringResponse;

	private volatile boolean dropFresh;

	// the first answers wait for this, so that calls in flight together open connections
	private final Sinks.Empty<Void> answer = Sinks.empty();

	private final DisposableServer server = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> {
			Channel[] channel = new Channel[1];
			request.withConnection((connection) -> channel[0] = connection.channel());
			boolean stream = request.requestHeaders().get("accept", "").contains("event-stream");
			return request.receive().aggregate().then(Mono.defer(() -> {
				this.requests.incrementAndGet();
				if (!this.served.add(channel[0]) || this.dropFresh) {
					this.dropped.incrementAndGet();
					if (this.dieDuringResponse) {
						return response.header("content-type", "application/json")
							.sendHeaders()
							.then()
							.then(Mono.fromRunnable(channel[0]::close));
					}
					channel[0].close();
					return Mono.empty();
				}
				Mono<Void> reply = stream
						? response.header("content-type", "text/event-stream")
							.sendString(Flux.just(Payloads.chunk("Hello"), Payloads.finish(), Payloads.DONE))
							.then()
						: response.header("content-type", "application/json")
							.sendString(Mono.just(Payloads.completion("Hello")))
							.then();
				return this.answer.asMono().then(reply);
			}));
		})
		.bindNow();

	private final ConnectionProvider pool = ConnectionPools.create(10, Duration.ofMinutes(1));

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl("http://127.0.0.1:" + this.server.port() + "/v1")
		.httpClient(HttpClient.create(this.pool))
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@AfterEach
	void stop() {
		this.server.disposeNow(Duration.ofSeconds(2));
		this.pool.disposeLater().block(Duration.ofSeconds(2));
	}

	@Test
	void whenARequestOnAReusedConnectionIsDroppedBeforeAnyByteThenTheCallIsRetriedAtOnceOutsideTheBudget() {
		this.answer.tryEmitEmpty();
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();

		StepVerifier.create(this.client.create(Payloads.request()).map(ChatCompletion::text))
			.expectNext("Hello")
			.verifyComplete();

		assertThat(this.dropped).hasValue(1);
		assertThat(this.requests).hasValue(3);
		assertThat(this.served).hasSize(2);
	}

	@Test
	void whenAStreamsRequestOnAReusedConnectionIsDroppedBeforeAnyByteThenTheStreamIsRetriedAtOnce() {
		this.answer.tryEmitEmpty();
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(2).verifyComplete();

		StepVerifier.create(this.client.stream(Payloads.request()).map(ChatCompletionChunk::text))
			.expectNext("Hello", "")
			.verifyComplete();

		assertThat(this.dropped).hasValue(1);
		assertThat(this.requests).hasValue(3);
	}

	@Test
	void whenTheFreeRetryLandsOnAnotherDroppedConnectionThenTheCallFailsWithoutASecondOne() {
		// two calls in flight together open two connections, both served once
		StepVerifier.create(Flux.merge(this.client.create(Payloads.request()), this.client.create(Payloads.request())))
			.then(() -> awaitRequests(2))
			.then(this.answer::tryEmitEmpty)
			.expectNextCount(2)
			.verifyComplete();
		assertThat(this.served).hasSize(2);

		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiConnectionException.class)
				.hasCauseInstanceOf(PrematureCloseException.class);
			assertThat(((ApiConnectionException) failure).attempts()).isEqualTo(2);
		}).verify(Duration.ofSeconds(10));
		assertThat(this.dropped).hasValue(2);
	}

	@Test
	void whenARequestOnAFreshConnectionIsDroppedThenItIsNotRetriedForFree() {
		this.dropFresh = true;

		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ApiConnectionException.class)
				.hasCauseInstanceOf(PrematureCloseException.class))
			.verify(Duration.ofSeconds(10));

		assertThat(this.requests).hasValue(1);
	}

	@Test
	void whenAReusedConnectionDiesAfterTheResponseHeadersThenTheCallIsNotRetriedForFree() {
		this.dieDuringResponse = true;
		this.answer.tryEmitEmpty();
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();

		StepVerifier.create(this.client.create(Payloads.request()))
			.expectError(ApiConnectionException.class)
			.verify(Duration.ofSeconds(10));

		assertThat(this.dropped).hasValue(1);
		assertThat(this.requests).hasValue(2);
	}

	private void awaitRequests(int count) {
		Flux.interval(Duration.ofMillis(5))
			.filter((tick) -> this.requests.get() >= count)
			.next()
			.block(Duration.ofSeconds(10));
	}

}
