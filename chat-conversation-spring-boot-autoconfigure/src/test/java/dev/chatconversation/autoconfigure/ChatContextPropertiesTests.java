package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.context.ContextWindow;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code chat.context.*}: the context window that every conversation of the
 * auto-configured factories gets.
 */
class ChatContextPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "chat.base-url=http://127.0.0.1:9/v1",
				"chat.model=gpt-4o-mini");

	@Test
	void whenContextPropertiesAreSetThenEveryConversationGetsTheirWindow() {
		this.contextRunner
			.withPropertyValues("chat.context.max-messages=20", "chat.context.max-tokens=8000",
					"chat.context.retry-on-overflow=true", "chat.connections.local.base-url=http://127.0.0.1:9/v1")
			.run((context) -> {
				ContextWindow expected = ContextWindow.builder()
					.maxMessages(20)
					.maxTokens(8000)
					.retryOnOverflow(true)
					.build();
				assertThat(context.getBean(ChatConversationFactory.class).newConversation().contextWindow())
					.isEqualTo(expected);
				assertThat(context.getBean(ChatConnections.class).newConversation("local").contextWindow())
					.isEqualTo(expected);
			});
	}

	@Test
	void whenNoContextPropertyIsSetThenConversationsSendTheWholeHistory() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatContextCustomizer.class);
			assertThat(context.getBean(ChatConversationFactory.class).newConversation().contextWindow())
				.isEqualTo(ContextWindow.UNLIMITED);
		});
	}

	@Test
	void whenAConversationSetsItsOwnWindowThenItReplacesTheConfiguredOne() {
		ContextWindow own = ContextWindow.builder().maxMessages(3).build();
		this.contextRunner.withPropertyValues("chat.context.max-messages=20")
			.withUserConfiguration(OwnWindowCustomizer.class)
			.run((context) -> {
				ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
				assertThat(factory.newConversation().contextWindow().maxMessages()).isEqualTo(10);
				assertThat(factory.newConversation((builder) -> builder.contextWindow(own)).contextWindow())
					.isEqualTo(own);
			});
	}

	@Test
	void whenALimitIsBelowOneThenTheContextFailsWithTheReason() {
		this.contextRunner.withPropertyValues("chat.context.max-tokens=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("maximum number of tokens must be at least 1"));
	}

	@Test
	void whenTheApplicationDefinesTheCustomizerThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withPropertyValues("chat.context.max-messages=20")
			.withBean(ChatContextCustomizer.class, () -> new ChatContextCustomizer(ContextWindow.UNLIMITED))
			.run((context) -> assertThat(
					context.getBean(ChatConversationFactory.class).newConversation().contextWindow())
				.isEqualTo(ContextWindow.UNLIMITED));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWindowCustomizer {

		@Bean
		ChatConversationCustomizer ownWindow() {
			return (name, builder) -> builder.contextWindow(ContextWindow.builder().maxMessages(10).build());
		}

	}

}
