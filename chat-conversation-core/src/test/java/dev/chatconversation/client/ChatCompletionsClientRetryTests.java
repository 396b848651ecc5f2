package dev.chatconversation.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are retried, how often and after which delay (scenarios 15 to 17).
 * Delays run on a recording virtual clock, so they are asserted exactly and cost no real
 * time.
 */
class ChatCompletionsClientRetryTests {

	private static final Duration VERIFY = Duration.ofSeconds(10);

	/**
	 * Real but tiny backoff, for tests that count attempts without a server to script.
	 */
	private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1),
			Duration.ofSeconds(60));

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final RecordingVirtualTimeScheduler time = new RecordingVirtualTimeScheduler();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.timeouts(Timeouts.NONE)
		.build();

	@ParameterizedTest
	@ValueSource(ints = { 408, 409, 429, 500, 502, 503 })
	void whenTheStatusIsRetryableThenTwoRetriesFollowWithJitteredExponentialBackoff(int status) {
		this.server.reply(FakeChatServer.json(status, "{\"error\":{\"message\":\"try later\"}}"));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ApiStatusException.class).hasMessageContaining("try later");
				assertThat(((ApiStatusException) failure).statusCode()).isEqualTo(status);
				assertThat(((ApiStatusException) failure).attempts()).isEqualTo(3);
			})
			.verify(VERIFY);
		assertThat(this.time.delays()).hasSize(2);
		assertThat(this.time.delays().get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
		assertThat(this.time.delays().get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertSameBodyOnEveryAttempt();
	}

	@Test
	void whenAStreamFailsBeforeItsFirstChunkThenItIsRetriedWithTheSameBody() {
		this.server.reply(FakeChatServer.json(503, Payloads.fixture("openai/error-503-overloaded.json")),
				FakeChatServer.streamThenReset(Flux.empty()),
				FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"), Payloads.finish(), Payloads.DONE)));
		StepVerifier.withVirtualTime(() -> this.client.stream(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("Hi"))
			.expectNextCount(1)
			.expectComplete()
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertSameBodyOnEveryAttempt();
	}

	@Test
	void whenMoreRetriesAreAllowedThenTheBackoffIsCappedAtItsMaximum() {
		ChatCompletionsClient patient = this.client.mutate()
			.retryPolicy(new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60)))
			.build();
		this.server.reply(FakeChatServer.json(500, "{}"));
		StepVerifier.withVirtualTime(() -> patient.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.expectErrorSatisfies((failure) -> assertThat(((ChatCompletionsException) failure).attempts()).isEqualTo(5))
			.verify(VERIFY);
		assertThat(this.time.delays().subList(1, 4))
			.allSatisfy((delay) -> assertThat(delay).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000)));
		assertThat(this.server.requestCount()).isEqualTo(5);
	}

	@ParameterizedTest
	@CsvSource({ "retry-after-ms, 1500, 1500", "retry-after, 2, 2000", "retry-after, 1.5, 1500",
			"Retry-After, 30, 30000" })
	void whenTheServerSuggestsADelayThenTheRetryWaitsExactlyThatLong(String header, String value, long millis) {
		this.server.reply(FakeChatServer.json(429, "{}", header, value),
				FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.time.delays()).containsExactly(Duration.ofMillis(millis));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void whenRetryAfterMsAndRetryAfterAreBothSentThenMillisecondsWin() {
		this.server.reply(FakeChatServer.json(503, "{}", "retry-after-ms", "250", "retry-after", "7"),
				FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.time.delays()).containsExactly(Duration.ofMillis(250));
	}

	@Test
	void whenRetryAfterIsAnHttpDateThenTheRetryWaitsUntilThatDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
		this.server.reply(FakeChatServer.json(429, "{}", "retry-after", date),
				FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.time.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5)));
	}

	@Test
	void whenTheSuggestedDelayIsAboveTheCapThenTheClientGivesUpAtOnceAndExposesIt() {
		this.server.reply(FakeChatServer.json(429, Payloads.fixture("openai/error-429-rate-limit-tpm.json"),
				"retry-after", "412000"));
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(RateLimitException.class).hasMessageContaining("114h18m0s");
			assertThat(((RateLimitException) failure).retryAfter()).isEqualTo(Duration.ofSeconds(412000));
			assertThat(((RateLimitException) failure).attempts()).isOne();
			assertThat(((RateLimitException) failure).isRetryable()).isTrue();
		}).verify(VERIFY);
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenA429HasNoHintsThenTheClientsOwnBackoffIsUsedAndRateLimitHeadersAreTolerated() {
		this.server.reply(FakeChatServer.json(429, Payloads.fixture("openai/error-429-rate-limit-tokens-legacy.json"),
				"x-request-id", "[redacted]", "openai-processing-ms", "5977", "x-ratelimit-reset-tokens", "6m0s",
				"x-ratelimit-reset-requests", "120ms", "x-ratelimit-remaining-tokens", "-1", "x-ratelimit-limit-tokens",
				"0"), FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.time.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
	}

	@Test
	void whenTheServerSaysShouldNotRetryThenA500IsNotRetried() {
		this.server.reply(FakeChatServer.json(500, "{}", "x-should-retry", "false"));
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(InternalServerException.class);
			assertThat(((InternalServerException) failure).isRetryable()).isFalse();
		}).verify(VERIFY);
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheServerSaysShouldRetryThenA400IsRetried() {
		this.server.reply(FakeChatServer.json(400, "{}", "x-should-retry", "true"));
		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(BadRequestException.class))
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(3);
	}

	@Test
	void whenRetriesAreOffThenOneRequestIsSent() {
		this.server.reply(FakeChatServer.json(503, "{}"));
		ChatCompletionsClient once = this.client.mutate().retryPolicy(RetryPolicy.NONE).build();
		StepVerifier.create(once.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(((ChatCompletionsException) failure).attempts()).isOne())
			.verify(VERIFY);
		StepVerifier.create(once.stream(Payloads.request())).expectError(InternalServerException.class).verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void whenTheConnectionIsRefusedThenTheCallIsRetriedAndFailsAsAConnectionError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ChatCompletionsClient refused = ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:" + closedPort + "/v1")
			.retryPolicy(FAST)
			.build();
		StepVerifier.create(refused.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiConnectionException.class)
				.hasMessageContaining("Cannot reach http://127.0.0.1:" + closedPort + "/v1/chat/completions");
			assertThat(((ApiConnectionException) failure).attempts()).isEqualTo(3);
			assertThat(((ApiConnectionException) failure).statusCode()).isNull();
		}).verify(VERIFY);
	}

	@Test
	void whenTheConnectionIsResetBeforeTheResponseThenTheCallIsRetried() {
		this.server.reply(FakeChatServer.reset());
		StepVerifier.create(this.client.mutate().retryPolicy(FAST).build().create(Payloads.request()))
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ApiConnectionException.class);
				assertThat(((ApiConnectionException) failure).attempts()).isEqualTo(3);
			})
			.verify(VERIFY);
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertSameBodyOnEveryAttempt();
	}

	@Test
	void whenAResetIsFollowedBySuccessThenTheCallSucceeds() {
		this.server.reply(FakeChatServer.reset(), FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.create(this.client.mutate().retryPolicy(FAST).build().create(Payloads.request()))
			.assertNext((completion) -> assertThat(completion.choices()).hasSize(1))
			.verifyComplete();
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	private void assertSameBodyOnEveryAttempt() {
		byte[] first = this.server.exchanges().get(0).body();
		assertThat(this.server.exchanges()).allSatisfy((exchange) -> assertThat(exchange.body()).isEqualTo(first));
	}

}
