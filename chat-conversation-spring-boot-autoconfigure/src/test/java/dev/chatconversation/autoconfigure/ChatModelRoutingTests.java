package dev.chatconversation.autoconfigure;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.routing.RoutingChatCompletionsClient;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for model routing and {@code chat.fallback-models} in the auto-configured default
 * client, against two WireMock servers: the default connection's ({@code primary}) and a
 * named connection's ({@code backup}).
 */
class ChatModelRoutingTests {

	@RegisterExtension
	static final WireMockExtension primary = ChatWireMock.extension();

	@RegisterExtension
	static final WireMockExtension backup = ChatWireMock.extension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s",
				"chat.base-url=" + ChatServerStubs.baseUrl(primary), "chat.model=gpt-4o", "chat.retry.max-attempts=1");

	private final ApplicationContextRunner withBackup = this.contextRunner.withPropertyValues(
			"chat.connections.backup.base-url=" + ChatServerStubs.baseUrl(backup),
			"chat.connections.backup.model=llama3.2", "chat.connections.backup.provider=ollama");

	@Test
	void withoutNamedConnectionsOrFallbacksTheDefaultClientIsPlain() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ChatCompletionsClient.class))
			.isNotInstanceOf(RoutingChatCompletionsClient.class));
	}

	@Test
	void withNamedConnectionsTheDefaultClientRoutesByConnectionAndProviderName() {
		this.withBackup.run((context) -> {
			RoutingChatCompletionsClient client = (RoutingChatCompletionsClient) context
				.getBean(ChatCompletionsClient.class);
			assertThat(client.routeNames()).containsExactlyInAnyOrder("default", "backup", "ollama");
			assertThat(client.fallbackModels()).isEmpty();
			ChatServerStubs.stubCompletion(backup);
			for (String model : List.of("backup/llama3.2", "ollama/qwen3")) {
				StepVerifier.create(client.create(request(model))).expectNextCount(1).verifyComplete();
			}
			assertThat(ChatServerStubs.requests(backup))
				.extracting((request) -> ChatServerStubs.body(request).get("model").asString())
				.containsExactly("llama3.2", "qwen3");
			assertThat(ChatServerStubs.requests(primary)).isEmpty();
		});
	}

	@Test
	void modelWithAPrefixThatNamesNoConnectionIsSentAsWritten() {
		ChatServerStubs.stubCompletion(primary);
		this.withBackup.run((context) -> {
			StepVerifier.create(context.getBean(ChatCompletionsClient.class).create(request("openai/gpt-4o")))
				.expectNextCount(1)
				.verifyComplete();
			assertThat(ChatServerStubs.body(ChatServerStubs.onlyRequest(primary)).get("model").asString())
				.isEqualTo("openai/gpt-4o");
		});
	}

	@Test
	void conversationFallsBackToTheNextModelWhenTheDefaultFails() {
		ChatServerStubs.stubJson(primary, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
		ChatServerStubs.stubStream(backup);
		this.withBackup.withPropertyValues("chat.fallback-models=backup/llama3.2").run((context) -> {
			ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class).newConversation();
			StepVerifier.create(conversation.sendAndStreamResponse("Weather?").collectList())
				.assertNext((deltas) -> assertThat(String.join("", deltas))
					.isEqualTo(String.join("", ChatServerStubs.STREAM_DELTAS)))
				.expectComplete()
				.verify(ChatServerStubs.TIMEOUT);
			assertThat(ChatServerStubs.body(ChatServerStubs.onlyRequest(primary)).get("model").asString())
				.isEqualTo("gpt-4o");
			assertThat(ChatServerStubs.body(ChatServerStubs.onlyRequest(backup)).get("model").asString())
				.isEqualTo("llama3.2");
		});
	}

	@Test
	void fallbackModelsAloneMakeTheDefaultClientRouting() {
		ChatServerStubs.stubJson(primary, 404,
				"{\"error\":{\"message\":\"The model `gpt-5` does not exist\",\"code\":\"model_not_found\"}}");
		this.contextRunner.withPropertyValues("chat.fallback-models=gpt-4o-mini, default/gpt-4.1").run((context) -> {
			RoutingChatCompletionsClient client = (RoutingChatCompletionsClient) context
				.getBean(ChatCompletionsClient.class);
			assertThat(client.fallbackModels()).containsExactly("gpt-4o-mini", "default/gpt-4.1");
			StepVerifier.create(client.create(request("gpt-5"))).expectError().verify(ChatServerStubs.TIMEOUT);
			assertThat(ChatServerStubs.requests(primary))
				.extracting((request) -> ChatServerStubs.body(request).get("model").asString())
				.containsExactly("gpt-5", "gpt-4o-mini", "gpt-4.1");
		});
	}

	@Test
	void blankFallbackModelStopsTheContext() {
		this.contextRunner.withPropertyValues("chat.fallback-models[0]=gpt-4o-mini", "chat.fallback-models[1]= ")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new ChatPropertiesFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.contains("Property: chat.fallback-models[1]");
			});
	}

	private static ChatCompletionRequest request(String model) {
		return ChatCompletionRequest.builder().model(model).message(Message.user("Hi")).build();
	}

}
