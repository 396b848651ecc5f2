package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket per client, on a clock the test moves.
 */
class TurnRateLimitTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	// 3 turns at once, then one every 10 s
	private final TurnRateLimit limit = new TurnRateLimit(3, 6, this.now::get);

	@Test
	void aClientMayStartItsBurstAtOnceThenWaitsForTheNextToken() {
		for (int turn = 0; turn < 3; turn++) {
			assertThat(this.limit.tryTake("a")).isZero();
		}

		assertThat(this.limit.tryTake("a")).isEqualTo(Duration.ofSeconds(10));
		advance(Duration.ofSeconds(4));
		assertThat(this.limit.tryTake("a")).isEqualTo(Duration.ofSeconds(6));
		advance(Duration.ofSeconds(6));
		assertThat(this.limit.tryTake("a")).isZero();
		assertThat(this.limit.tryTake("a")).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aRefusedTurnTakesNoToken() {
		for (int turn = 0; turn < 3; turn++) {
			this.limit.tryTake("a");
		}
		for (int refused = 0; refused < 100; refused++) {
			this.limit.tryTake("a");
		}

		advance(Duration.ofSeconds(10));
		assertThat(this.limit.tryTake("a")).isZero();
	}

	@Test
	void theBucketRefillsToItsBurstAndNoFurther() {
		for (int turn = 0; turn < 3; turn++) {
			this.limit.tryTake("a");
		}

		advance(Duration.ofHours(1));
		for (int turn = 0; turn < 3; turn++) {
			assertThat(this.limit.tryTake("a")).isZero();
		}
		assertThat(this.limit.tryTake("a")).isPositive();
	}

	@Test
	void eachClientHasItsOwnBucket() {
		for (int turn = 0; turn < 3; turn++) {
			this.limit.tryTake("a");
		}

		assertThat(this.limit.tryTake("a")).isPositive();
		assertThat(this.limit.tryTake("b")).isZero();
	}

	@Test
	void pastTheTrackedLimitFullBucketsAreForgottenAndEmptyOnesKept() {
		for (int turn = 0; turn < 3; turn++) {
			this.limit.tryTake("busy");
		}
		for (int client = 0; client <= TurnRateLimit.MAX_TRACKED; client++) {
			this.limit.tryTake("client-" + client);
		}
		advance(Duration.ofSeconds(10));

		this.limit.tryTake("one more");

		// every other client has its token back (a full bucket); "busy" is still short
		assertThat(this.limit.trackedClients()).isEqualTo(2);
		assertThat(this.limit.tryTake("busy")).isZero();
		assertThat(this.limit.tryTake("busy")).isPositive();
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
