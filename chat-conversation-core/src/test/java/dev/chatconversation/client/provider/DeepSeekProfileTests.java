package dev.chatconversation.client.provider;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.assertValidOpenAiRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code deepseek} profile, with DeepSeek's captured streams
 * ({@code deepseek/stream-reasoning-tool-call.sse},
 * {@code deepseek/stream-reasoning.sse}) served by WireMock: reasoning goes back on
 * tool-call turns only, developer messages become system messages, and successive
 * same-role messages are joined.
 */
class DeepSeekProfileTests {

	private static final String PATH = "/chat/completions";

	@RegisterExtension
	static final WireMockExtension server = ChatWireMock.extension();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(server.baseUrl())
		.apiKey("sk-deepseek-test")
		.provider(ProviderProfiles.DEEPSEEK)
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void developerBecomesSystemSuccessiveUsersAreJoinedAndMaxTokensIsUsed() {
		ObjectNode body = adapted(ProviderProfiles.DEEPSEEK, problematicRequest("deepseek-chat"));
		JsonNode messages = body.get("messages");
		assertThat(messages.valueStream().map((message) -> message.get("role").asString())).containsExactly("system",
				"user", "assistant", "tool", "assistant", "user");
		assertThat(messages.get(0).get("name").asString()).isEqualTo("ops");
		assertThat(messages.get(1).get("content").asString()).isEqualTo("Weather in Paris?\n\nIn Celsius.");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
		assertThat(body.has("max_completion_tokens")).isFalse();
		assertValidOpenAiRequest(body);
	}

	@Test
	void reasoningOfAToolCallTurnIsSentBackOnTheNextRequest() {
		ChatCompletion reply = stream("deepseek/stream-reasoning-tool-call.sse", "deepseek-reasoner");
		AssistantMessage assistant = reply.firstChoice().message();
		assertThat(assistant.hasToolCalls()).isTrue();
		assertThat(assistant.reasoningContent()).startsWith("The user is asking for the weather in San Francisco");
		ToolCall call = assistant.toolCalls().get(0);
		JsonNode next = send(List.of(Message.user("What is the weather in San Francisco?"), assistant,
				Message.tool(call.id(), "{\"temperature\": 18}")), "deepseek-reasoner");
		JsonNode sent = next.get("messages").get(1);
		assertThat(sent.get("reasoning_content").asString()).isEqualTo(assistant.reasoningContent());
		assertThat(sent.get("tool_calls").get(0).get("id").asString()).isEqualTo(call.id());
		assertValidOpenAiRequest((ObjectNode) next);
	}

	@Test
	void reasoningOfAPlainReplyIsNotSentBack() {
		ChatCompletion reply = stream("deepseek/stream-reasoning.sse", "deepseek-reasoner");
		AssistantMessage assistant = reply.firstChoice().message();
		assertThat(assistant.reasoningContent()).isNotBlank();
		assertThat(assistant.hasToolCalls()).isFalse();
		JsonNode next = send(List.of(Message.user("Hi"), assistant, Message.user("And then?")), "deepseek-reasoner");
		JsonNode sent = next.get("messages").get(1);
		assertThat(sent.has("reasoning_content")).isFalse();
		assertThat(sent.get("content").asString()).isEqualTo(assistant.text());
	}

	@ParameterizedTest
	@CsvSource(nullValues = "none", textBlock = """
			deepseek-reasoner, none,     true
			deepseek-v4-flash, none,     true
			deepseek-v4-pro,   disabled, false
			deepseek-chat,     none,     false
			deepseek-chat,     enabled,  true
			""")
	void inThinkingModeToolCallMessagesWithoutReasoningGetAnEmptyOne(String model, String thinking, boolean filled) {
		AssistantMessage handWritten = AssistantMessage.builder()
			.toolCall(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}"))
			.build();
		ChatCompletionRequest.Builder request = ChatCompletionRequest.builder()
			.model(model)
			.messages(List.of(Message.user("Weather?"), handWritten, Message.tool("call_1", "18")));
		if (thinking != null) {
			request.extraBodyField("thinking", JsonNodeFactory.instance.objectNode().put("type", thinking));
		}
		JsonNode sent = adapted(ProviderProfiles.DEEPSEEK, request.build()).get("messages").get(1);
		assertThat(sent.has("reasoning_content")).isEqualTo(filled);
		if (filled) {
			assertThat(sent.get("reasoning_content").asString()).isEmpty();
		}
	}

	@Test
	void recordedReasoningIsNeverReplacedByAnEmptyOne() {
		AssistantMessage recorded = AssistantMessage.builder()
			.reasoningContent("Use the tool.")
			.toolCall(ToolCall.function("call_1", "get_weather", "{}"))
			.build();
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("deepseek-reasoner")
			.messages(List.of(Message.user("Weather?"), recorded, Message.tool("call_1", "18")))
			.build();
		assertThat(
				adapted(ProviderProfiles.DEEPSEEK, request).get("messages").get(1).get("reasoning_content").asString())
			.isEqualTo("Use the tool.");
	}

	/** Streams a fixture through the client and folds it as a conversation would. */
	private ChatCompletion stream(String fixture, String model) {
		server.resetAll();
		server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(fixture(fixture))));
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		StepVerifier
			.create(this.client
				.stream(ChatCompletionRequest.builder().model(model).message(Message.user("Hi")).build()))
			.thenConsumeWhile((chunk) -> {
				accumulator.add(chunk);
				return true;
			})
			.verifyComplete();
		assertThat(accumulator.isFinished()).isTrue();
		return accumulator.toCompletion();
	}

	/** Sends the next turn with a history and returns the body DeepSeek received. */
	private JsonNode send(List<Message> history, String model) {
		server.resetAll();
		server.stubFor(post(urlPathEqualTo(PATH)).withHeader("Accept", equalTo("application/json"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(fixture("deepseek/chat-completion-text.json"))));
		StepVerifier.create(this.client.create(ChatCompletionRequest.builder().model(model).messages(history).build()))
			.expectNextCount(1)
			.verifyComplete();
		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(requests).hasSize(1);
		return JsonMapper.shared().readTree(requests.get(0).getBodyAsString());
	}

}
