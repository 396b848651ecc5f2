package dev.chatconversation.samples.chatsse;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caps on reply streams open at once.
 */
class StreamPermitsTests {

	private final StreamPermits permits = new StreamPermits(3, 2);

	@Test
	void aClientPastItsShareIsRefusedWith429UntilItReleasesOne() {
		assertThat(this.permits.tryAcquire("a")).isNull();
		assertThat(this.permits.tryAcquire("a")).isNull();

		assertThat(this.permits.tryAcquire("a")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		this.permits.release("a");
		assertThat(this.permits.tryAcquire("a")).isNull();
		assertThat(this.permits.open()).isEqualTo(2);
	}

	@Test
	void whenTheServerIsFullAnyClientIsRefusedWith503AndItsCountIsUndone() {
		this.permits.tryAcquire("a");
		this.permits.tryAcquire("a");
		this.permits.tryAcquire("b");

		assertThat(this.permits.tryAcquire("c")).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.permits.open()).isEqualTo(3);
		assertThat(this.permits.clients()).isEqualTo(2);
		this.permits.release("b");
		assertThat(this.permits.tryAcquire("c")).isNull();
	}

	@Test
	void aClientWithNoStreamOpenIsForgotten() {
		this.permits.tryAcquire("a");
		this.permits.tryAcquire("b");

		this.permits.release("a");
		this.permits.release("b");

		assertThat(this.permits.open()).isZero();
		assertThat(this.permits.clients()).isZero();
	}

}
