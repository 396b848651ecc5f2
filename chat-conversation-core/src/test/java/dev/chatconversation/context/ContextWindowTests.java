package dev.chatconversation.context;

import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ContextWindow}: defaults, copies and the limits it refuses.
 */
class ContextWindowTests {

	@Test
	void whenNothingIsSetThenTheWindowIsUnlimitedWithoutRetry() {
		ContextWindow window = ContextWindow.builder().build();

		assertThat(window).isEqualTo(ContextWindow.UNLIMITED);
		assertThat(window.isLimited()).isFalse();
		assertThat(window.retryOnOverflow()).isFalse();
	}

	@Test
	void whenAWindowIsMutatedThenTheOriginalIsUnchanged() {
		ContextWindow window = ContextWindow.builder().maxMessages(20).retryOnOverflow(true).build();

		ContextWindow copy = window.mutate().maxTokens(8000).maxMessages(null).build();

		assertThat(window.maxMessages()).isEqualTo(20);
		assertThat(window.maxTokens()).isNull();
		assertThat(copy.maxMessages()).isNull();
		assertThat(copy.maxTokens()).isEqualTo(8000);
		assertThat(copy.retryOnOverflow()).isTrue();
		assertThat(copy.isLimited()).isTrue();
	}

	@Test
	void whenALimitIsBelowOneThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ContextWindow.builder().maxMessages(0).build())
			.withMessageContaining("messages");
		assertThatIllegalArgumentException().isThrownBy(() -> ContextWindow.builder().maxTokens(-1).build())
			.withMessageContaining("tokens");
	}

	@Test
	void whenACounterIsSetThenItIsUsedForEveryModel() {
		TokenCounter fixed = (message) -> 7;
		ContextWindow window = ContextWindow.builder().tokenCounter(fixed).build();

		assertThat(window.tokenCounterFor("gpt-4o").count(Message.user("Hello"))).isEqualTo(7);
		assertThat(ContextWindow.UNLIMITED.tokenCounterFor("gpt-4o").toString()).contains("o200k_base");
	}

}
