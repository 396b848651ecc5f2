package dev.chatconversation.client;

import java.time.Duration;

import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import dev.chatconversation.testfixture.FakeChatServer.Reply;
import dev.chatconversation.testfixture.PoolMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After many failed, cancelled and reset streams on one client, the pool has no acquired
 * connection, the next request succeeds on a healthy connection and Netty reports no
 * leaked buffer (scenario 29, invariant I7; the build runs tests with paranoid leak
 * detection).
 */
class ChatCompletionsClientPoolTests {

	private static final int ROUNDS = 50;

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final PoolMetrics metrics = new PoolMetrics();

	private final ConnectionProvider pool = ConnectionProvider.builder("pool-tests")
		.maxConnections(20)
		.metrics(true, () -> this.metrics)
		.build();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.httpClient(HttpClient.create(this.pool))
		.retryPolicy(RetryPolicy.NONE)
		.build();

	private final LeakReports leaks = new LeakReports();

	@BeforeEach
	void captureLeakReports() {
		this.leaks.start();
	}

	@AfterEach
	void releasePoolAndCheckNothingLeaked() {
		this.pool.disposeLater().block(Duration.ofSeconds(5));
		assertThat(this.leaks.stop()).isEmpty();
	}

	@Test
	void whenStreamsFailOrAreCancelledManyTimesThenThePoolStaysHealthyAndNothingLeaks() {
		this.server.route(ChatCompletionsClientPoolTests::replyFor);
		for (int round = 0; round < ROUNDS; round++) {
			StepVerifier.create(stream("error")).expectNextCount(3).expectError(StreamErrorException.class).verify();
			StepVerifier.create(stream("cancel")).expectNextCount(3).thenCancel().verify();
			StepVerifier.create(stream("reset"))
				.thenConsumeWhile((chunk) -> true)
				.expectError(ApiConnectionException.class)
				.verify();
			StepVerifier.create(stream("malformed"))
				.expectNextCount(1)
				.expectError(ResponseDecodingException.class)
				.verify();
			StepVerifier.create(stream("truncated"))
				.expectNextCount(2)
				.expectError(StreamErrorException.class)
				.verify();
			StepVerifier.create(stream("done-held-open")).expectNextCount(2).verifyComplete();
			StepVerifier.create(stream("ok")).expectNextCount(2).verifyComplete();
		}
		assertThat(awaitAcquired(0)).isZero();
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		StepVerifier.create(stream("ok")).expectNextCount(2).verifyComplete();
		assertThat(awaitAcquired(0)).isZero();
		assertThat(this.server.requestCount()).isEqualTo(ROUNDS * 7 + 2);
	}

	@Test
	void whenCallsFailWithErrorStatusesThenTheirConnectionsAreReleasedToo() {
		this.server.reply(FakeChatServer.json(400, Payloads.fixture("openai/error-400-context-length-exceeded.json")),
				FakeChatServer.json(503, Payloads.filler(300_000)),
				FakeChatServer.json(200, Payloads.completion("ok")));
		StepVerifier.create(this.client.create(Payloads.request())).expectError(BadRequestException.class).verify();
		StepVerifier.create(this.client.stream(Payloads.request())).expectError(InternalServerException.class).verify();
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(awaitAcquired(0)).isZero();
	}

	@Test
	void whenTimeoutsEndCallsThenTheirConnectionsAreClosedAndReleased() {
		this.server.route((exchange) -> exchange.bodyText().contains("\"stall\"")
				? FakeChatServer
					.stream(Flux.concat(Flux.just(Payloads.chunk("a")), FakeChatServer.pings(Duration.ofMillis(10))))
				: FakeChatServer.never());
		ChatCompletionsClient impatient = this.client.mutate()
			.timeouts(Timeouts.NONE.withFirstByte(Duration.ofMillis(50)))
			.build();
		ChatCompletionsClient restless = impatient.mutate()
			.timeouts(Timeouts.NONE.withStreamIdle(Duration.ofMillis(50)))
			.build();
		for (int round = 0; round < 10; round++) {
			StepVerifier.create(impatient.create(Payloads.request())).expectError(ApiTimeoutException.class).verify();
			StepVerifier.create(restless.stream(Payloads.request().mutate().model("stall").build()))
				.expectNextCount(1)
				.expectError(ApiTimeoutException.class)
				.verify();
			StepVerifier.create(this.client.create(Payloads.request().mutate().timeout(Duration.ofMillis(50)).build()))
				.expectError(ApiTimeoutException.class)
				.verify();
		}
		assertThat(awaitAcquired(0)).isZero();
		assertThat(this.server.awaitNoOpenConnections(Duration.ofSeconds(2))).isTrue();
		assertThat(this.server.openConnections()).isZero();
	}

	@Test
	void whenTheClientHasItsOwnPoolOfOneConnectionThenCallsShareItAndCloseReleasesIt() {
		ChatCompletionsClient single = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.maxConnections(1)
			.build();
		StepVerifier.create(Flux.merge(single.create(Payloads.request()), single.create(Payloads.request())))
			.expectNextCount(2)
			.verifyComplete();
		assertThat(this.server.exchanges()).extracting(Exchange::channel)
			.containsOnly(this.server.exchanges().get(0).channel());
		single.close();
		assertThat(this.server.awaitNoOpenConnections(Duration.ofSeconds(2))).isTrue();
	}

	private Flux<?> stream(String scenario) {
		return this.client.stream(Payloads.request().mutate().model(scenario).build());
	}

	private static Reply replyFor(Exchange exchange) {
		String body = exchange.bodyText();
		Flux<String> three = Flux.just(Payloads.chunk("a"), Payloads.chunk("b"), Payloads.chunk("c"));
		if (body.contains("\"error\"")) {
			return FakeChatServer
				.stream(Flux.concat(three, Flux.just("data: {\"error\":{\"message\":\"boom\"}}\n\n"), Flux.never()));
		}
		if (body.contains("\"cancel\"")) {
			return FakeChatServer.stream(Flux.concat(three, Flux.never()));
		}
		if (body.contains("\"reset\"")) {
			return FakeChatServer.streamThenReset(three.take(2));
		}
		if (body.contains("\"malformed\"")) {
			return FakeChatServer
				.stream(Flux.concat(three.take(1), Flux.just("data: {\"choices\":[\n\n"), Flux.never()));
		}
		if (body.contains("\"truncated\"")) {
			return FakeChatServer.stream(three.take(2));
		}
		if (body.contains("\"done-held-open\"")) {
			return FakeChatServer
				.stream(Flux.concat(Flux.just(Payloads.chunk("a"), Payloads.finish(), Payloads.DONE), Flux.never()));
		}
		if (body.contains("\"stream\":true")) {
			return FakeChatServer.stream(Flux.just(Payloads.chunk("a"), Payloads.finish(), Payloads.DONE));
		}
		return FakeChatServer.json(200, Payloads.completion("ok"));
	}

	/** Waits (polling, at most 2 s) for the pool's acquired count to reach a value. */
	private int awaitAcquired(int expected) {
		Integer acquired = Flux.interval(Duration.ZERO, Duration.ofMillis(5))
			.map((tick) -> this.metrics.acquired())
			.filter((count) -> count == expected)
			.next()
			.timeout(Duration.ofSeconds(2), Mono.empty())
			.block();
		return (acquired != null) ? acquired : this.metrics.acquired();
	}

}
