package dev.chatconversation.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 429 without a retry hint, with the headers of captured responses replayed
 * (reliability scenario 17): the client falls back to its own backoff, and
 * {@code x-ratelimit-*} headers in any of their forms neither fail the call nor change
 * the delay.
 */
class RateLimitHeadersTests {

	private static final Duration VERIFY = Duration.ofSeconds(10);

	/** Headers that describe the captured body or connection, not the 429. */
	private static final Set<String> FRAMING = Set.of("content-length", "connection", "content-type");

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final RecordingVirtualTimeScheduler time = new RecordingVirtualTimeScheduler();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.timeouts(Timeouts.NONE)
		.build();

	@Test
	void aCaptured429WithoutRetryAfterOrRateLimitHeadersIsRetriedAfterTheOwnBackoff() {
		String[] headers = capturedHeaders("openai/error-429-response-headers.json");
		assertThat(headers).doesNotContain("retry-after", "retry-after-ms", "x-should-retry")
			.contains("x-request-id", "openai-processing-ms");
		this.server.reply(
				FakeChatServer.json(429, Payloads.fixture("openai/error-429-rate-limit-tokens-legacy.json"), headers),
				FakeChatServer.json(200, Payloads.completion("Hi")));

		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.assertNext((completion) -> assertThat(completion.text()).isEqualTo("Hi"))
			.verifyComplete();

		assertThat(this.time.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void aCaptured429AfterRetriesAreExhaustedCarriesItsMessageCodeAndAttempts() {
		this.server.reply(FakeChatServer.json(429, Payloads.fixture("openai/error-429-rate-limit-tokens-legacy.json"),
				capturedHeaders("openai/error-429-response-headers.json")));

		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.then(this.time::awaitDelayAndRunIt)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(RateLimitException.class)
					.hasMessageContaining("Rate limit reached for 10KTPM-200RPM");
				RateLimitException limited = (RateLimitException) failure;
				assertThat(limited.statusCode()).isEqualTo(429);
				assertThat(limited.error().code()).isEqualTo("rate_limit_exceeded");
				assertThat(limited.retryAfter()).isNull();
				assertThat(limited.attempts()).isEqualTo(3);
			})
			.verify(VERIFY);

		assertThat(this.time.delays()).hasSize(2);
		assertThat(this.time.delays().get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
		assertThat(this.server.requestCount()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "6m0s", "120ms", "-1", "0", "1.2s", "" })
	void rateLimitResetHeadersOfAnyFormLeaveTheOwnBackoffInPlace(String reset) {
		this.server.reply(FakeChatServer.json(429, "{\"error\":{\"message\":\"slow down\"}}",
				"x-ratelimit-reset-tokens", reset, "x-ratelimit-reset-requests", reset, "x-ratelimit-remaining-tokens",
				reset, "x-ratelimit-limit-tokens", reset), FakeChatServer.json(200, Payloads.completion("Hi")));

		StepVerifier.withVirtualTime(() -> this.client.create(Payloads.request()), () -> this.time, Long.MAX_VALUE)
			.then(this.time::awaitDelayAndRunIt)
			.expectNextCount(1)
			.verifyComplete();

		assertThat(this.time.delays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void capturedRateLimitHeadersOnASuccessAreIgnored() {
		List<String> headers = new ArrayList<>();
		for (String line : Payloads.fixture("openai/ratelimit-headers-success.txt").lines().toList()) {
			int colon = line.indexOf(':');
			headers.add(line.substring(0, colon).strip());
			headers.add(line.substring(colon + 1).strip());
		}
		assertThat(headers).contains("x-ratelimit-reset-tokens", "8ms");
		this.server.reply(FakeChatServer.json(200, Payloads.completion("Hi"), headers.toArray(String[]::new)));

		StepVerifier.create(this.client.create(Payloads.request()))
			.assertNext((completion) -> assertThat(completion.text()).isEqualTo("Hi"))
			.verifyComplete();

		assertThat(this.server.requestCount()).isOne();
	}

	/** The headers of a captured response, as name, value pairs. */
	private static String[] capturedHeaders(String fixture) {
		JsonNode headers = JsonMapper.shared().readTree(Payloads.fixture(fixture)).path("headers");
		List<String> pairs = new ArrayList<>();
		for (Map.Entry<String, JsonNode> header : headers.properties()) {
			if (!FRAMING.contains(header.getKey())) {
				pairs.add(header.getKey());
				pairs.add(header.getValue().stringValue());
			}
		}
		return pairs.toArray(String[]::new);
	}

}
