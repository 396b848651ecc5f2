package dev.chatconversation.client.provider;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.assertValidOpenAiRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code gemini} profile: the fields Gemini rejects with 400 "Unknown name"
 * are left out, developer messages become system messages, and Gemini 3's thought
 * signatures on tool calls go back on the next turn.
 */
class GeminiProfileTests {

	private static final String PATH = "/v1beta/openai/chat/completions";

	/**
	 * Synthetic Gemini 3 stream built from the shapes reported in
	 * openai/openai-python#2806, su-kaka/gcli2api#406 and earendil-works/pi#6733: two
	 * parallel tool calls without {@code index}, each with
	 * {@code extra_content.google.thought_signature}, keys in alphabetical order, the
	 * turn ending with {@code finish_reason: "stop"}.
	 */
	private static final String SYNTHETIC_STREAM = sse("""
			{"choices":[{"delta":{"role":"assistant","tool_calls":[{"extra_content":{"google":\
			{"thought_signature":"c2lnbmF0dXJlLTE="}},"function":{"arguments":"{\\"city\\":\\"Paris\\"}",\
			"name":"get_weather"},"id":"function-call-1","type":"function"}]},"index":0}],"created":1764000000,\
			"id":"synthetic-gemini","model":"gemini-3-pro-preview","object":"chat.completion.chunk"}""", """
			{"choices":[{"delta":{"role":"assistant","tool_calls":[{"extra_content":{"google":\
			{"thought_signature":"c2lnbmF0dXJlLTI="}},"function":{"arguments":"{\\"city\\":\\"Rome\\"}",\
			"name":"get_weather"},"id":"function-call-2","type":"function"}]},"index":0}],"created":1764000000,\
			"id":"synthetic-gemini","model":"gemini-3-pro-preview","object":"chat.completion.chunk"}""", """
			{"choices":[{"delta":{"role":"assistant"},"finish_reason":"stop","index":0}],"created":1764000000,\
			"id":"synthetic-gemini","model":"gemini-3-pro-preview","object":"chat.completion.chunk",\
			"usage":{"completion_tokens":20,"prompt_tokens":30,"total_tokens":50}}""");

	/** Synthetic non-streaming Gemini answer to the turn after the tool results. */
	private static final String SYNTHETIC_ANSWER = """
			{"choices":[{"finish_reason":"stop","index":0,"message":{"content":"18 and 24 degrees.",\
			"role":"assistant"}}],"created":1764000001,"id":"synthetic-gemini-2","model":"gemini-3-pro-preview",\
			"object":"chat.completion","usage":{"completion_tokens":6,"prompt_tokens":60,"total_tokens":66}}""";

	@RegisterExtension
	static final WireMockExtension server = ChatWireMock.extension();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(server.baseUrl() + "/v1beta/openai/")
		.apiKey("gemini-test-key")
		.provider(ProviderProfiles.GEMINI)
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void fieldsGeminiRejectsAreLeftOutAndDeveloperBecomesSystem() {
		ObjectNode body = adapted(ProviderProfiles.GEMINI, problematicRequest("gemini-2.5-flash"));
		assertThat(body.propertyNames()).doesNotContain("store", "parallel_tool_calls", "web_search_options",
				"prompt_cache_key");
		assertThat(body.propertyNames()).contains("temperature", "max_completion_tokens", "tool_choice", "tools",
				"stream_options", "seed");
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
		assertThat(body.get("messages").get(3).get("tool_calls").get(0).get("extra_content"))
			.isEqualTo(JsonMapper.shared().readTree("{\"google\":{\"thought_signature\":\"c2lnbmF0dXJl\"}}"));
		assertValidOpenAiRequest(body);
	}

	@Test
	void thoughtSignaturesOfIndexlessToolCallsAreEchoedOnTheNextTurn() {
		server.stubFor(post(urlPathEqualTo(PATH)).withHeader("Accept", equalTo("text/event-stream"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(SYNTHETIC_STREAM)));
		server.stubFor(post(urlPathEqualTo(PATH)).withHeader("Accept", equalTo("application/json"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(SYNTHETIC_ANSWER)));
		List<Message> history = new ArrayList<>(List.of(Message.user("Weather in Paris and Rome?")));
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		StepVerifier.create(this.client.stream(request(history))).thenConsumeWhile((chunk) -> {
			accumulator.add(chunk);
			return true;
		}).verifyComplete();
		AssistantMessage reply = accumulator.toCompletion().firstChoice().message();
		assertThat(reply.toolCalls()).extracting(ToolCall::id).containsExactly("function-call-1", "function-call-2");
		history.add(reply);
		history.add(Message.tool("function-call-1", "18"));
		history.add(Message.tool("function-call-2", "24"));
		StepVerifier.create(this.client.create(request(history)))
			.assertNext((answer) -> assertThat(answer.text()).isEqualTo("18 and 24 degrees."))
			.verifyComplete();
		JsonNode sent = lastBody().get("messages").get(1).get("tool_calls");
		assertThat(sent).hasSize(2);
		assertThat(sent.get(0).get("extra_content").get("google").get("thought_signature").asString())
			.isEqualTo("c2lnbmF0dXJlLTE=");
		assertThat(sent.get(1).get("extra_content").get("google").get("thought_signature").asString())
			.isEqualTo("c2lnbmF0dXJlLTI=");
		assertThat(sent.get(0).get("function").get("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(sent.get(1).has("index")).isFalse();
	}

	private static ChatCompletionRequest request(List<Message> history) {
		return ChatCompletionRequest.builder()
			.model("gemini-3-pro-preview")
			.messages(history)
			.parallelToolCalls(true)
			.store(false)
			.build();
	}

	private static JsonNode lastBody() {
		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
		JsonNode body = JsonMapper.shared().readTree(requests.get(requests.size() - 1).getBodyAsString());
		assertThat(body.has("parallel_tool_calls")).isFalse();
		assertThat(body.has("store")).isFalse();
		return body;
	}

}
