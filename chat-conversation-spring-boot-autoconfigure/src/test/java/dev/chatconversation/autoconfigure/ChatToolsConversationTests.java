package dev.chatconversation.autoconfigure;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatToolMethod;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.testfixture.Fixtures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation from the auto-configured factory against WireMock replaying recorded
 * OpenAI streams: the model calls a bean's {@link ChatToolMethod}, the bean answers, and
 * its result goes back to the model in the next request.
 */
class ChatToolsConversationTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, ChatToolsAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withBean(WeatherTools.class)
		.withPropertyValues("chat.model=gpt-4o", "chat.api-key=sk-tools-tests-0123456789",
				"spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void whenTheModelCallsABeanToolThenTheResultGoesBackAndTheReplyFollows() {
		stubToolCallThenText();
		this.contextRunner.withPropertyValues("chat.base-url=" + ChatWireMock.baseUrl(wireMock)).run((context) -> {
			ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class).newConversation();

			StepVerifier.create(conversation.sendAndStreamResponse("What's the weather like in SF?").collectList())
				.assertNext((deltas) -> assertThat(String.join("", deltas)).startsWith("I'm unable"))
				.expectComplete()
				.verify(ChatServerStubs.TIMEOUT);

			assertThat(context.getBean(WeatherTools.class).calls).containsExactly("San Francisco, CA");
			List<Message> history = conversation.messages();
			assertThat(history).hasSize(4);
			assertThat(history.get(0)).isInstanceOf(UserMessage.class);
			assertThat(history.get(1)).isInstanceOfSatisfying(AssistantMessage.class,
					(call) -> assertThat(call.toolCalls()).singleElement()
						.satisfies((toolCall) -> assertThat(toolCall.function().name()).isEqualTo("get_weather")));
			assertThat(history.get(2)).isInstanceOfSatisfying(ToolMessage.class,
					(result) -> assertThat(JSON.readTree(result.text()))
						.isEqualTo(JSON.readTree("{\"city\":\"San Francisco\",\"state\":\"CA\",\"temperature\":18}")));
			assertThat(history.get(3)).isInstanceOf(AssistantMessage.class);

			List<JsonNode> requests = ChatWireMock.requestBodies(wireMock);
			assertThat(requests).hasSize(2);
			JsonNode tool = requests.get(0).path("tools").get(0);
			assertThat(tool.path("function").path("name").stringValue()).isEqualTo("get_weather");
			assertThat(tool.path("function").path("strict").booleanValue()).isTrue();
			assertThat(tool.path("function").path("parameters").path("required"))
				.isEqualTo(JSON.readTree("[\"city\",\"state\"]"));
			JsonNode sentBack = requests.get(1).path("messages").get(2);
			assertThat(sentBack.path("role").stringValue()).isEqualTo("tool");
			assertThat(sentBack.path("tool_call_id").stringValue()).isEqualTo("call_CTf1nWJLqSeRgDqaCG27xZ74");
			assertThat(JSON.readTree(sentBack.path("content").stringValue()))
				.isEqualTo(JSON.readTree("{\"city\":\"San Francisco\",\"state\":\"CA\",\"temperature\":18}"));
		});
	}

	private static void stubToolCallThenText() {
		wireMock.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).inScenario("tool round")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ChatWireMock.eventStream(Fixtures.fixture("openai/stream-tool-call-strict.sse")))
			.willSetStateTo("answered"));
		wireMock.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).inScenario("tool round")
			.whenScenarioStateIs("answered")
			.willReturn(ChatWireMock.eventStream(Fixtures.fixture("openai/stream-text-basic.sse"))));
	}

	static class WeatherTools {

		final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@ChatToolMethod(name = "get_weather", description = "The current weather in a US city")
		public Weather weather(String city, @Nullable String state) {
			this.calls.add(city + ", " + state);
			return new Weather(city, state, 18);
		}

	}

	record Weather(String city, @Nullable String state, int temperature) {

	}

}
