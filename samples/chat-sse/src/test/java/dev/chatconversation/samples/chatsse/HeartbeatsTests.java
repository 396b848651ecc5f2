package dev.chatconversation.samples.chatsse;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeat comments in virtual time: after each silence of the interval, never while
 * events flow, and none once the events end.
 */
class HeartbeatsTests {

	private static final Duration INTERVAL = Duration.ofSeconds(15);

	@Test
	void whenTheModelIsSilentThenAHeartbeatCommentIsSentAfterEachInterval() {
		StepVerifier.withVirtualTime(() -> Heartbeats.between(Flux.never(), INTERVAL))
			.expectSubscription()
			.expectNoEvent(INTERVAL.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext(HeartbeatsTests::isHeartbeat)
			.thenAwait(INTERVAL)
			.assertNext(HeartbeatsTests::isHeartbeat)
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void whenAnEventArrivesThenTheSilenceIsCountedFromIt() {
		TestPublisher<ServerSentEvent<Object>> model = TestPublisher.create();
		StepVerifier.withVirtualTime(() -> Heartbeats.between(model.flux(), INTERVAL))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(10))
			.then(() -> model.next(ReplyEvents.delta("Hel")))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("delta"))
			.expectNoEvent(INTERVAL.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext(HeartbeatsTests::isHeartbeat)
			.then(() -> model.next(ReplyEvents.done("stop", null)))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("done"))
			.then(model::complete)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void whenTheEventsEndThenNoHeartbeatFollowsAndTheStreamCompletes() {
		StepVerifier.withVirtualTime(() -> Heartbeats.between(Flux.just(ReplyEvents.delta("Hi")), INTERVAL))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("delta"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void whenTheIntervalIsZeroThenNoHeartbeatIsSent() {
		StepVerifier.withVirtualTime(() -> Heartbeats.between(Flux.never(), Duration.ZERO))
			.expectSubscription()
			.expectNoEvent(Duration.ofHours(1))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	private static void isHeartbeat(ServerSentEvent<Object> event) {
		assertThat(event.comment()).isEqualTo("heartbeat");
		assertThat(event.event()).isNull();
		assertThat(event.data()).isNull();
	}

}
