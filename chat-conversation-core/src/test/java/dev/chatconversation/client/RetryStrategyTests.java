package dev.chatconversation.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry decision and delay, without a network: the backoff formula, the cap, the
 * server's suggested delay and how it is parsed.
 */
class RetryStrategyTests {

	private final ChatExceptions exceptions = new ChatExceptions(new SecretRedactor(null),
			URI.create("http://127.0.0.1/v1/chat/completions"), null);

	private final RetryStrategy strategy = new RetryStrategy(RetryPolicy.DEFAULTS);

	@ParameterizedTest
	@CsvSource({ "0, 375, 500", "1, 750, 1000", "2, 1500, 2000", "3, 3000, 4000", "4, 6000, 8000", "5, 6000, 8000",
			"40, 6000, 8000" })
	void whenTheServerSuggestsNothingThenTheDelayIsHalfASecondDoubledWithJitterUpToEightSeconds(long retry, long min,
			long max) {
		ApiStatusException failure = status(503, new HttpHeaders());
		for (int sample = 0; sample < 200; sample++) {
			assertThat(this.strategy.delay(failure, retry)).isBetween(Duration.ofMillis(min), Duration.ofMillis(max));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "soon", "Wed, 21 Oct 2015 07:28:00 GMT" })
	void whenTheSuggestedDelayIsUnusableOrPastThenTheOwnBackoffIsUsed(String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("retry-after", retryAfter);
		assertThat(this.strategy.delay(status(429, headers), 0)).isBetween(Duration.ofMillis(375),
				Duration.ofMillis(500));
	}

	@Test
	void whenTheSuggestedDelayEqualsTheCapThenItIsHonoured() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("retry-after", "60");
		assertThat(this.strategy.delay(status(429, headers), 0)).isEqualTo(Duration.ofSeconds(60));
		headers.set("retry-after", "60.001");
		assertThat(this.strategy.delay(status(429, headers), 0)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "retry-after-ms, 1500, PT1.5S", "retry-after-ms, 0.5, PT0.001S", "retry-after, 2, PT2S",
			"retry-after, ' 1.25 ', PT1.25S", "retry-after, 412000, PT114H26M40S" })
	void whenRetryHeadersAreNumbersThenTheyAreReadAsMillisecondsOrSeconds(String header, String value,
			Duration expected) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(header, value);
		assertThat(RetryAfter.parse(headers)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "NaN", "Infinity", "later", "6m0s" })
	void whenRetryHeadersAreGarbageThenNoDelayIsSuggested(String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("retry-after", value);
		assertThat(RetryAfter.parse(headers)).isNull();
	}

	@Test
	void whenTheFailuresAreRetryableThenTheRetryWaitsOnTheParallelSchedulerAndRecordsAttempts() {
		AtomicInteger subscriptions = new AtomicInteger();
		Mono<String> failing = Mono.defer(() -> {
			subscriptions.incrementAndGet();
			return Mono.error(status(502, new HttpHeaders()));
		});
		StepVerifier.withVirtualTime(() -> failing.retryWhen(this.strategy.forCall(() -> true)))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(374))
			.then(() -> assertThat(subscriptions).hasValue(1))
			.thenAwait(Duration.ofMillis(126))
			.then(() -> assertThat(subscriptions).hasValue(2))
			.expectNoEvent(Duration.ofMillis(624))
			.thenAwait(Duration.ofMillis(376))
			.expectErrorSatisfies((failure) -> assertThat(((ChatCompletionsException) failure).attempts()).isEqualTo(3))
			.verify(Duration.ofSeconds(5));
		assertThat(subscriptions).hasValue(3);
	}

	@Test
	void whenRetryingIsNoLongerAllowedThenTheFirstFailureSurfaces() {
		AtomicInteger subscriptions = new AtomicInteger();
		Mono<String> failing = Mono.defer(() -> {
			subscriptions.incrementAndGet();
			return Mono.error(status(500, new HttpHeaders()));
		});
		StepVerifier.create(failing.retryWhen(this.strategy.forCall(() -> false)))
			.expectErrorSatisfies((failure) -> assertThat(((ChatCompletionsException) failure).attempts()).isOne())
			.verify(Duration.ofSeconds(5));
		assertThat(subscriptions).hasValue(1);
	}

	@Test
	void whenTheFailureIsNotAChatCompletionsExceptionThenItIsNotRetried() {
		StepVerifier.create(Mono.error(new IllegalStateException("bug")).retryWhen(this.strategy.forCall(() -> true)))
			.verifyError(IllegalStateException.class);
	}

	@Test
	void whenTheTotalTimeoutElapsesThenItIsNotRetryableButOtherTimeoutsAre() {
		Duration limit = Duration.ofSeconds(1);
		assertThat(new ApiTimeoutException(ApiTimeoutException.Kind.TOTAL, limit, null).isRetryable()).isFalse();
		assertThat(new ApiTimeoutException(ApiTimeoutException.Kind.CONNECT, limit, null).isRetryable()).isTrue();
		assertThat(new ApiTimeoutException(ApiTimeoutException.Kind.FIRST_BYTE, limit, null).isRetryable()).isTrue();
		assertThat(new ApiTimeoutException(ApiTimeoutException.Kind.STREAM_IDLE, limit, null).isRetryable()).isTrue();
	}

	private ApiStatusException status(int status, HttpHeaders headers) {
		return this.exceptions.fromStatus(status, headers, null);
	}

}
