package dev.chatconversation.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;

/**
 * Tests for {@link ChatAutoConfiguration}: conditions, back-off, Spring Boot's
 * {@link WebClient.Builder} and the customizers.
 */
class ChatAutoConfigurationTests {

	private static final String API_KEY = "sk-auto-configuration-tests-0123456789";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void whenBaseUrlIsNotSetThenThereIsNoClientNorFactoryButAnEmptyRegistry() {
		this.contextRunner.withPropertyValues("chat.model=gpt-4o-mini").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ChatCompletionsClient.class);
			assertThat(context).doesNotHaveBean(ChatConversationFactory.class);
			assertThat(context).hasSingleBean(ChatConnections.class);
			assertThat(context.getBean(ChatConnections.class).names()).isEmpty();
		});
	}

	@Test
	void whenBaseUrlIsSetThenClientFactoryAndRegistryAreTheDefaultConnection() {
		this.contextRunner.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatCompletionsClient.class);
				assertThat(context).hasSingleBean(ChatConversationFactory.class);
				ChatCompletionsClient client = context.getBean(ChatCompletionsClient.class);
				ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
				ChatConnections connections = context.getBean(ChatConnections.class);
				assertThat(factory.client()).isSameAs(client);
				assertThat(factory.settings().name()).isEqualTo(ChatConnectionSettings.DEFAULT);
				assertThat(connections.names()).containsExactly("default");
				assertThat(connections.conversations("default")).isSameAs(factory);
				assertThat(connections.client("default")).isSameAs(client);
				assertThat(connections.newConversation("default").model()).isEqualTo("llama3.2");
			});
	}

	@Test
	void whenWebClientIsNotOnTheClasspathThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ChatProperties.class);
				assertThat(context).doesNotHaveBean(ChatCompletionsClient.class);
				assertThat(context).doesNotHaveBean(ChatConversationFactory.class);
				assertThat(context).doesNotHaveBean(ChatConnections.class);
			});
	}

	@Test
	void whenNamedConnectionsAreSetWithoutWebClientThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues("chat.connections.local.base-url=http://localhost:11434/v1",
					"chat.connections.local.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("localChatCompletionsClient");
				assertThat(context).doesNotHaveBean(ChatConnections.class);
			});
	}

	@Test
	void whenUserDefinesAClientThenOursBacksOffAndTheFactoryUsesTheirsWithTheConfiguredModel() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class)
			.withPropertyValues("chat.model=mistral-small", "chat.options.temperature=0.3")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatCompletionsClient.class);
				ChatCompletionsClient userClient = context.getBean("userClient", ChatCompletionsClient.class);
				ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
				assertThat(factory.client()).isSameAs(userClient);
				ChatCompletionRequest defaults = factory.newConversation().requestDefaults();
				assertThat(defaults.model()).isEqualTo("mistral-small");
				assertThat(defaults.temperature()).isEqualTo(0.3);
				assertThat(context.getBean(ChatConnections.class).names()).containsExactly("default");
			});
	}

	@Test
	void whenUserDefinesAClientAndBaseUrlIsSetThenTheirClientIsStillUsed() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatCompletionsClient.class);
				assertThat(context.getBean(ChatConversationFactory.class).client())
					.isSameAs(context.getBean("userClient"));
			});
	}

	@Test
	void whenUserDefinesTwoClientsThenNoFactoryIsCreated() {
		this.contextRunner.withUserConfiguration(TwoUserClientsConfiguration.class)
			.withPropertyValues("chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ChatConversationFactory.class);
				assertThat(context.getBean(ChatConnections.class).names()).isEmpty();
			});
	}

	@Test
	void whenUserDefinesAFactoryThenOursBacksOffAndTheRegistryUsesTheirs() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatConversationFactory.class);
				ChatConversationFactory userFactory = context.getBean("userFactory", ChatConversationFactory.class);
				assertThat(context.getBean(ChatConnections.class).conversations("default")).isSameAs(userFactory);
			});
	}

	@Test
	void whenUserDefinesChatConnectionsThenOursBacksOff() {
		this.contextRunner.withUserConfiguration(UserConnectionsConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatConnections.class);
				assertThat(context.getBean(ChatConnections.class).names()).isEmpty();
			});
	}

	@Test
	void whenApiKeyIsNotSetThenTheContextStartsAndTheClientSendsNoAuthorization() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(wireMock), "chat.model=llama3.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ChatConversationFactory.class).settings().apiKey()).isNull();
				StepVerifier
					.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
					.expectNextCount(1)
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				assertThat(ChatServerStubs.onlyRequest(wireMock).containsHeader("Authorization")).isFalse();
			});
	}

	@Test
	void clientOfALaterContextReachesTheServerAfterAnEarlierContextClosed() {
		ChatServerStubs.stubCompletion(wireMock);
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
				"chat.base-url=" + ChatServerStubs.baseUrl(wireMock), "chat.model=llama3.2",
				"chat.retry.max-attempts=1", "chat.timeouts.total=5s");
		for (int context = 1; context <= 2; context++) {
			runner.run((started) -> StepVerifier
				.create(started.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
				.expectNextCount(1)
				.expectComplete()
				.verify(ChatServerStubs.TIMEOUT));
		}
		assertThat(ChatServerStubs.requests(wireMock)).hasSize(2);
	}

	@Test
	void apiKeyIsMaskedInToStringOfPropertiesSettingsClientAndFactory() {
		this.contextRunner
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2",
					"chat.api-key=" + API_KEY)
			.run((context) -> {
				ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
				assertThat(factory.settings().apiKey()).isEqualTo(API_KEY);
				List<Object> described = List.of(context.getBean(ChatProperties.class), factory.settings(),
						context.getBean(ChatCompletionsClient.class), factory, context.getBean(ChatConnections.class),
						factory.newConversation().requestDefaults());
				assertThat(described).allSatisfy((object) -> assertThat(object.toString()).doesNotContain(API_KEY));
				assertThat(context.getBean(ChatProperties.class).toString()).contains("apiKey=******");
				assertThat(factory.settings().toString()).contains("apiKey=******");
				assertThat(context.getBean(ChatCompletionsClient.class).toString()).contains("apiKey=******");
			});
	}

	@Test
	void sanitizingFunctionIsAddedWhenActuatorIsPresent() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SanitizingFunction.class)
			.hasBean("chatSanitizingFunction"));
	}

	@Test
	void sanitizingFunctionIsNotAddedWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SanitizingFunction.class));
	}

	@ParameterizedTest
	@CsvSource({ "chat.api-key, true", "chat.apiKey, true", "CHAT_API_KEY, true", "CHAT_APIKEY, true",
			"chat.connections.cloud.api-key, true", "chat.connections.cloud.apiKey, true",
			"CHAT_CONNECTIONS_CLOUD_API_KEY, true", "chat.headers.Authorization, true", "chat.headers.api-key, true",
			"chat.connections.azure.headers.api-key, true", "chat.options.extra-headers.X-Token, true",
			"chat.options.extraHeaders.X-Token, true", "chat.base-url, false", "chat.model, false",
			"chat.connections.cloud.organization, false", "chat.options.user, false", "other.api-key, false",
			"spring.ai.openai.api-key, false", "chat.proxy.password, true", "CHAT_PROXY_PASSWORD, true",
			"chat.connections.cloud.proxy.password, true", "chat.proxy.username, false" })
	void sanitizingFunctionMasksApiKeysAndHeaderValuesInEveryKeyForm(String key, boolean masked) {
		this.contextRunner.run((context) -> {
			SanitizableData data = new SanitizableData(null, key, "secret-value");
			Object shown = context.getBean(SanitizingFunction.class).applyUnlessFiltered(data).getValue();
			assertThat(shown).isEqualTo(masked ? SanitizableData.SANITIZED_VALUE : "secret-value");
		});
	}

	@Test
	void clientStartsFromACloneOfTheWebClientBuilderBeanAndLeavesItUnchanged() {
		this.contextRunner.withUserConfiguration(SpiedWebClientBuilderConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2",
					"chat.connections.other.model=qwen3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WebClient.Builder builder = context.getBean(WebClient.Builder.class);
				then(builder).should(times(2)).clone();
				then(builder).shouldHaveNoMoreInteractions();
			});
	}

	@Test
	void webClientCustomizersApplyToTheRequestsOfTheClient() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withUserConfiguration(WebClientCustomizerConfiguration.class)
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(wireMock), "chat.model=llama3.2")
			.run((context) -> {
				ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class)
					.newConversation();
				StepVerifier.create(conversation.sendAndGetResponse("Hi"))
					.expectNextCount(1)
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				LoggedRequest request = ChatServerStubs.onlyRequest(wireMock);
				assertThat(request.getHeader("X-Default-Header")).isEqualTo("from-web-client-customizer");
				assertThat(request.getHeader("X-Filter-Header")).isEqualTo("from-filter");
			});
	}

	@Test
	void clientCustomizersAreCalledOncePerConnectionInOrderWithItsName() {
		this.contextRunner.withUserConfiguration(ClientCustomizersConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2",
					"chat.connections.cloud.base-url=https://api.openai.com/v1", "chat.connections.cloud.model=gpt-4o")
			.run((context) -> {
				List<String> calls = context.getBean(ClientCustomizersConfiguration.class).calls;
				assertThat(calls).hasSize(4);
				assertThat(calls.stream().filter((call) -> call.endsWith(":default"))).containsExactly("first:default",
						"second:default");
				assertThat(calls.stream().filter((call) -> call.endsWith(":cloud"))).containsExactly("first:cloud",
						"second:cloud");
			});
	}

	@Test
	void clientCustomizerChangesReachTheRequestsTheClientSends() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withUserConfiguration(ClientCustomizersConfiguration.class)
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(wireMock), "chat.model=llama3.2")
			.run((context) -> {
				StepVerifier
					.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
					.expectNextCount(1)
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				assertThat(ChatServerStubs.onlyRequest(wireMock).getHeader("X-Customized-For")).isEqualTo("default");
			});
	}

	@Test
	void conversationCustomizersApplyToEveryNewConversationWithTheConnectionName() {
		this.contextRunner.withUserConfiguration(ConversationCustomizerConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2",
					"chat.system-prompt=Be brief.", "chat.connections.cloud.base-url=https://api.openai.com/v1")
			.run((context) -> {
				ChatConnections connections = context.getBean(ChatConnections.class);
				ChatCompletionsConversation first = connections.newConversation("default");
				ChatCompletionsConversation second = connections.newConversation("default");
				ChatCompletionsConversation cloud = connections.newConversation("cloud");
				assertThat(first.requestDefaults().user()).isEqualTo("customized-for-default");
				assertThat(second.requestDefaults().user()).isEqualTo("customized-for-default");
				assertThat(cloud.requestDefaults().user()).isEqualTo("customized-for-cloud");
				assertThat(first.messages()).extracting(Message::text)
					.containsExactly("Be brief.", "Customized for default.");
				assertThat(first.messages().get(0)).isInstanceOf(SystemMessage.class);
			});
	}

	@Test
	void changesPassedToNewConversationApplyAfterTheCustomizers() {
		this.contextRunner.withUserConfiguration(ConversationCustomizerConfiguration.class)
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2")
			.run((context) -> {
				ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class)
					.newConversation((builder) -> builder.requestDefaults((request) -> request.user("per-call")));
				assertThat(conversation.requestDefaults().user()).isEqualTo("per-call");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		ChatCompletionsClient userClient() {
			return ChatCompletionsClient.builder().baseUrl("http://localhost:8000/v1").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoUserClientsConfiguration {

		@Bean
		ChatCompletionsClient firstClient() {
			return ChatCompletionsClient.builder().baseUrl("http://localhost:8000/v1").build();
		}

		@Bean
		ChatCompletionsClient secondClient() {
			return ChatCompletionsClient.builder().baseUrl("http://localhost:8001/v1").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		ChatConversationFactory userFactory(ChatCompletionsClient client) {
			return new ChatConversationFactory(new ChatPropertiesMapper(userProperties()).defaultConnection(), client,
					List.of());
		}

		private static ChatProperties userProperties() {
			ChatProperties properties = new ChatProperties();
			properties.setBaseUrl("http://localhost:8000/v1");
			properties.setModel("user-model");
			return properties;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionsConfiguration {

		@Bean
		ChatConnections userConnections() {
			return new ChatConnections(Map.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SpiedWebClientBuilderConfiguration {

		@Bean
		WebClient.Builder webClientBuilder() {
			return spy(WebClient.builder());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WebClientCustomizerConfiguration {

		@Bean
		WebClientCustomizer headerCustomizer() {
			return (builder) -> builder.defaultHeader("X-Default-Header", "from-web-client-customizer");
		}

		@Bean
		WebClientCustomizer filterCustomizer() {
			return (builder) -> builder.filter((request, next) -> next
				.exchange(ClientRequest.from(request).header("X-Filter-Header", "from-filter").build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientCustomizersConfiguration {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		ChatCompletionsClientCustomizer secondCustomizer() {
			return (name, builder) -> this.calls.add("second:" + name);
		}

		@Bean
		@Order(1)
		ChatCompletionsClientCustomizer firstCustomizer() {
			return (name, builder) -> {
				this.calls.add("first:" + name);
				builder.defaultHeader("X-Customized-For", name);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConversationCustomizerConfiguration {

		@Bean
		ChatConversationCustomizer conversationCustomizer() {
			return (name, builder) -> builder.requestDefaults((request) -> request.user("customized-for-" + name))
				.messages(List.of(Message.developer("Customized for " + name + ".")));
		}

	}

}
