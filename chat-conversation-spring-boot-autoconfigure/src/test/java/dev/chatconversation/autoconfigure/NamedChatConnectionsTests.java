package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the named connections under {@code chat.connections.<name>}: their beans,
 * what they inherit from {@code chat.*}, injection, and the {@link ChatConnections}
 * registry.
 */
class NamedChatConnectionsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	private final ApplicationContextRunner withDefaultAndTwoNamed = this.contextRunner.withPropertyValues(
			"chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini", "chat.api-key=sk-default",
			"chat.connections.local.base-url=http://localhost:11434/v1", "chat.connections.local.model=llama3.2",
			"chat.connections.reasoning.model=o4-mini");

	@Test
	void eachNamedConnectionGetsAClientAndAFactoryBeanNamedAfterIt() {
		this.withDefaultAndTwoNamed.run((context) -> {
			assertThat(context).hasBean("localChatCompletionsClient")
				.hasBean("localChatConversationFactory")
				.hasBean("reasoningChatCompletionsClient")
				.hasBean("reasoningChatConversationFactory");
			ChatConversationFactory local = context.getBean("localChatConversationFactory",
					ChatConversationFactory.class);
			assertThat(local.client()).isSameAs(context.getBean("localChatCompletionsClient"));
			assertThat(local.settings().name()).isEqualTo("local");
			assertThat(local.settings().baseUrl()).isEqualTo("http://localhost:11434/v1");
			assertThat(local.newConversation().model()).isEqualTo("llama3.2");
		});
	}

	@Test
	void namedConnectionTakesUnsetKeysFromTheDefault() {
		this.contextRunner
			.withPropertyValues("chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini",
					"chat.api-key=sk-default", "chat.organization=org-1", "chat.project=proj-1",
					"chat.system-prompt=Be brief.", "chat.max-response-size=2MB", "chat.max-connections=50",
					"chat.headers.X-Team=blue", "chat.headers.X-Env=prod", "chat.timeouts.total=1m",
					"chat.timeouts.first-byte=20s", "chat.retry.max-attempts=5", "chat.options.temperature=0.3",
					"chat.options.seed=7", "chat.options.include-usage=false", "chat.options.extra-body.a=1",
					"chat.options.extra-body.b=2", "chat.options.extra-headers.X-A=1",
					"chat.connections.mini.headers.X-Env=staging", "chat.connections.mini.timeouts.first-byte=5s",
					"chat.connections.mini.options.temperature=0.9", "chat.connections.mini.options.extra-body.b=3",
					"chat.connections.mini.options.extra-headers.X-B=2")
			.run((context) -> {
				ChatConnectionSettings mini = context.getBean(ChatConnections.class).conversations("mini").settings();
				assertThat(mini.baseUrl()).isEqualTo("https://api.openai.com/v1");
				assertThat(mini.apiKey()).isEqualTo("sk-default");
				assertThat(mini.organization()).isEqualTo("org-1");
				assertThat(mini.project()).isEqualTo("proj-1");
				assertThat(mini.systemPrompt()).isEqualTo("Be brief.");
				assertThat(mini.maxResponseSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(mini.maxConnections()).isEqualTo(50);
				assertThat(mini.headers())
					.containsExactlyInAnyOrderEntriesOf(Map.of("X-Team", "blue", "X-Env", "staging"));
				assertThat(mini.timeouts()).isEqualTo(new Timeouts(Timeouts.DEFAULTS.connect(), Duration.ofSeconds(5),
						Timeouts.DEFAULTS.streamIdle(), Duration.ofMinutes(1)));
				assertThat(mini.retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS.withMaxRetries(4));
				ChatCompletionRequest defaults = mini.requestDefaults();
				assertThat(defaults.model()).isEqualTo("gpt-4o-mini");
				assertThat(defaults.temperature()).isEqualTo(0.9);
				assertThat(defaults.seed()).isEqualTo(7L);
				assertThat(defaults.streamOptions()).isNull();
				assertThat(defaults.extraBody()).containsExactlyInAnyOrderEntriesOf(
						Map.of("a", JsonMapper.shared().readTree("1"), "b", JsonMapper.shared().readTree("3")));
				assertThat(defaults.extraHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of("X-A", "1", "X-B", "2"));
			});
	}

	@Test
	void namedConnectionKeepsItsOwnValuesOverTheDefault() {
		this.withDefaultAndTwoNamed.withPropertyValues("chat.connections.local.api-key=sk-local").run((context) -> {
			ChatConnections connections = context.getBean(ChatConnections.class);
			assertThat(connections.conversations("local").settings().apiKey()).isEqualTo("sk-local");
			assertThat(connections.conversations("default").settings().apiKey()).isEqualTo("sk-default");
			assertThat(connections.conversations("reasoning").settings().apiKey()).isEqualTo("sk-default");
			assertThat(connections.newConversation("reasoning").model()).isEqualTo("o4-mini");
			assertThat(connections.newConversation("default").model()).isEqualTo("gpt-4o-mini");
		});
	}

	@Test
	void namedConnectionsAreInjectedByQualifierAndByBeanName() {
		this.withDefaultAndTwoNamed.withUserConfiguration(NamedInjectionConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			NamedInjectionConfiguration injected = context.getBean(NamedInjectionConfiguration.class);
			assertThat(injected.localClient).isSameAs(context.getBean("localChatCompletionsClient"));
			assertThat(injected.localFactory).isSameAs(context.getBean("localChatConversationFactory"));
			assertThat(injected.reasoningFactory).isSameAs(context.getBean("reasoningChatConversationFactory"));
		});
	}

	@Test
	void plainInjectionPointsStillGetTheDefaultConnection() {
		this.withDefaultAndTwoNamed.withUserConfiguration(PlainInjectionConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			PlainInjectionConfiguration injected = context.getBean(PlainInjectionConfiguration.class);
			assertThat(injected.client).isSameAs(context.getBean("chatCompletionsClient"));
			assertThat(injected.factory).isSameAs(context.getBean("chatConversationFactory"));
			assertThat(context.getBean(ChatCompletionsClient.class)).isSameAs(injected.client);
			assertThat(context.getBean(ChatConversationFactory.class)).isSameAs(injected.factory);
		});
	}

	@Test
	void registryListsTheDefaultFirstThenTheNamedConnectionsInOrder() {
		this.withDefaultAndTwoNamed.run((context) -> {
			ChatConnections connections = context.getBean(ChatConnections.class);
			assertThat(connections.names()).containsExactly("default", "local", "reasoning");
			assertThat(connections.client("local")).isSameAs(context.getBean("localChatCompletionsClient"));
			assertThat(connections.conversations("reasoning"))
				.isSameAs(context.getBean("reasoningChatConversationFactory"));
			assertThat(connections.newConversation("local").model()).isEqualTo("llama3.2");
		});
	}

	@Test
	void unknownConnectionNameFailsWithTheConfiguredNames() {
		this.withDefaultAndTwoNamed.run((context) -> {
			ChatConnections connections = context.getBean(ChatConnections.class);
			assertThatIllegalArgumentException().isThrownBy(() -> connections.newConversation("remote"))
				.withMessageContaining("'remote'")
				.withMessageContaining("[default, local, reasoning]");
			assertThatIllegalArgumentException().isThrownBy(() -> connections.client("remote"))
				.withMessageContaining("'remote'");
			assertThatIllegalArgumentException().isThrownBy(() -> connections.conversations("remote"))
				.withMessageContaining("'remote'");
		});
	}

	@Test
	void namedConnectionsWorkWithoutADefaultConnection() {
		this.contextRunner
			.withPropertyValues("chat.connections.local.base-url=http://localhost:11434/v1",
					"chat.connections.local.model=llama3.2")
			.withUserConfiguration(NamedOnlyInjectionConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("chatCompletionsClient");
				assertThat(context).doesNotHaveBean("chatConversationFactory");
				ChatConnections connections = context.getBean(ChatConnections.class);
				assertThat(connections.names()).containsExactly("local");
				assertThat(context.getBean(NamedOnlyInjectionConfiguration.class).localFactory)
					.isSameAs(connections.conversations("local"));
			});
	}

	@Test
	void namedConnectionWithoutSystemPromptOfItsOwnStartsWithTheDefaultOne() {
		this.withDefaultAndTwoNamed
			.withPropertyValues("chat.system-prompt=Be brief.", "chat.connections.local.system-prompt=Be kind.")
			.run((context) -> {
				ChatConnections connections = context.getBean(ChatConnections.class);
				assertThat(connections.newConversation("local").messages()).extracting(Message::text)
					.containsExactly("Be kind.");
				assertThat(connections.newConversation("reasoning").messages()).extracting(Message::text)
					.containsExactly("Be brief.");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class NamedInjectionConfiguration {

		final ChatCompletionsClient localClient;

		final ChatConversationFactory localFactory;

		final ChatConversationFactory reasoningFactory;

		NamedInjectionConfiguration(@Qualifier("local") ChatCompletionsClient localClient,
				@Qualifier("local") ChatConversationFactory localFactory,
				@Qualifier("reasoningChatConversationFactory") ChatConversationFactory reasoningFactory) {
			this.localClient = localClient;
			this.localFactory = localFactory;
			this.reasoningFactory = reasoningFactory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainInjectionConfiguration {

		final ChatCompletionsClient client;

		final ChatConversationFactory factory;

		PlainInjectionConfiguration(ChatCompletionsClient client, ChatConversationFactory factory) {
			this.client = client;
			this.factory = factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedOnlyInjectionConfiguration {

		final ChatConversationFactory localFactory;

		NamedOnlyInjectionConfiguration(@Qualifier("local") ChatConversationFactory localFactory) {
			this.localFactory = localFactory;
		}

	}

}
