package dev.chatconversation.client.model;

import java.util.List;
import java.util.Map;

import dev.chatconversation.client.internal.SseFixtures;
import dev.chatconversation.message.AssistantMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every captured non-streaming response reads into {@link ChatCompletion}, keeps the
 * fields the library does not model, and writes back to an equal value.
 */
class ChatCompletionTests {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	static List<String> completions() {
		return SseFixtures.list("chat-completion-", ".json");
	}

	@ParameterizedTest
	@MethodSource("completions")
	void capturedResponseReadsIntoAChatCompletion(String path) {
		ChatCompletion completion = read(path);
		JsonNode original = PLAIN.readTree(SseFixtures.bytes(path));

		assertThat(completion.id()).isEqualTo(original.path("id").asString());
		assertThat(completion.model()).isEqualTo(original.path("model").asString());
		assertThat(completion.choices()).hasSize(original.path("choices").size());
		for (int i = 0; i < completion.choices().size(); i++) {
			ChatCompletionChoice choice = completion.choices().get(i);
			JsonNode expected = original.path("choices").path(i);
			assertThat(choice.index()).isEqualTo(i);
			assertThat(choice.finishReason()).isEqualTo(expected.path("finish_reason").asString());
			assertThat(choice.message().finishReason()).isEqualTo(choice.finishReason());
			assertThat(choice.message().toolCalls()).hasSize(expected.path("message").path("tool_calls").size());
		}
	}

	@ParameterizedTest
	@MethodSource("completions")
	void capturedResponseWritesBackToAnEqualValue(String path) {
		ChatCompletion completion = read(path);
		byte[] written = WireJson.mapper().writeValueAsBytes(completion);

		assertThat(WireJson.mapper().readValue(written, ChatCompletion.class)).isEqualTo(completion);
	}

	/**
	 * The message is normalised when read (content arrays, {@code reasoning}), so it is
	 * left out; every other field of the response, choice and usage must be written back
	 * unchanged.
	 */
	@ParameterizedTest
	@MethodSource("completions")
	void capturedResponseWritesBackEveryFieldOutsideTheMessage(String path) {
		JsonNode original = PLAIN.readTree(SseFixtures.bytes(path));
		JsonNode written = PLAIN.readTree(WireJson.mapper().writeValueAsBytes(read(path)));

		assertContainsNonNullFields(written, original, "choices");
		for (int i = 0; i < original.path("choices").size(); i++) {
			assertContainsNonNullFields(written.path("choices").path(i), original.path("choices").path(i), "message");
		}
	}

	@Test
	void groqExtrasAreKeptOnTheResponseAndTheUsage() {
		ChatCompletion completion = read("groq/chat-completion-text.json");

		assertThat(completion.extra()).containsOnlyKeys("x_groq", "usage_breakdown");
		assertThat(completion.extra().get("x_groq").path("id").asString()).startsWith("req_");
		assertThat(completion.usage().extra()).containsKeys("queue_time", "prompt_time", "completion_time",
				"total_time");
	}

	@Test
	void deepSeekCacheCountersAreKeptOnTheUsage() {
		Usage usage = read("deepseek/chat-completion-text.json").usage();

		assertThat(usage.extra()).containsOnlyKeys("prompt_cache_hit_tokens", "prompt_cache_miss_tokens");
		assertThat(usage.extra().get("prompt_cache_hit_tokens").isNumber()).isTrue();
		assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
	}

	@Test
	void xaiUsageExtrasAreKept() {
		assertThat(read("xai/chat-completion-reasoning-text.json").usage().extra()).containsKeys("cost_in_usd_ticks",
				"num_sources_used");
	}

	@Test
	void mistralContentArrayBecomesTextAndReasoning() {
		AssistantMessage message = read("mistral/chat-completion-reasoning-content-array.json").firstChoice().message();
		JsonNode parts = PLAIN.readTree(SseFixtures.bytes("mistral/chat-completion-reasoning-content-array.json"))
			.path("choices")
			.path(0)
			.path("message")
			.path("content");

		assertThat(message.reasoningContent()).isNotBlank()
			.isEqualTo(parts.path(0).path("thinking").path(0).path("text").asString());
		assertThat(message.text()).isNotBlank().isEqualTo(parts.path(1).path("text").asString());
	}

	@Test
	void groqReasoningFieldBecomesReasoningContent() {
		AssistantMessage message = read("groq/chat-completion-reasoning.json").firstChoice().message();

		assertThat(message.reasoningContent()).isNotBlank();
		assertThat(message.extra()).doesNotContainKey("reasoning");
		assertThat(message.text()).doesNotContain(message.reasoningContent());
	}

	@Test
	void refusalIsReadAsRefusalWithoutContent() {
		AssistantMessage message = read("openai/chat-completion-refusal.json").firstChoice().message();

		assertThat(message.refusal()).isEqualTo("I'm very sorry, but I can't assist with that.");
		assertThat(message.content()).isNull();
	}

	@Test
	void truncatedResponseKeepsFinishReasonLength() {
		ChatCompletion completion = read("openai/chat-completion-length-truncated-json.json");

		assertThat(completion.firstChoice().finishReason()).isEqualTo("length");
		assertThat(completion.text()).isEqualTo("{\"");
	}

	@Test
	void toolCallIndexOfDeepSeekIsKeptOnTheCall() {
		AssistantMessage message = read("deepseek/chat-completion-tool-call.json").firstChoice().message();

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.function().name()).isEqualTo("weather");
			assertThat(call.extra()).containsOnlyKeys("index");
		});
	}

	@Test
	void unknownFieldsAreWrittenBackAtTheirLevel() {
		ChatCompletion completion = WireJson.mapper()
			.readValue("{\"id\":\"a\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
					+ "\"assistant\",\"content\":\"Hi\",\"annotations\":[]},\"finish_reason\":\"stop\",\"stop_reason\":"
					+ "null,\"provider_specific\":1}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
					+ "\"total_tokens\":2,\"cost\":0.5},\"search_results\":[]}", ChatCompletion.class);
		JsonNode written = PLAIN.readTree(WireJson.mapper().writeValueAsString(completion));

		assertThat(completion.extra()).containsOnlyKeys("search_results");
		assertThat(completion.firstChoice().extra()).containsKey("provider_specific");
		assertThat(completion.firstChoice().message().extra()).containsOnlyKeys("annotations");
		assertThat(written.path("search_results").isArray()).isTrue();
		assertThat(written.path("usage").path("cost").asDouble()).isEqualTo(0.5);
		assertThat(written.path("choices").path(0).path("provider_specific").asInt()).isEqualTo(1);
		assertThat(written.path("choices").path(0).path("message").path("annotations").isArray()).isTrue();
		assertThat(written.has("extra")).isFalse();
	}

	@Test
	void missingMessageBecomesAnEmptyAssistantMessage() {
		ChatCompletion completion = WireJson.mapper()
			.readValue("{\"id\":\"a\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}", ChatCompletion.class);

		assertThat(completion.firstChoice().message().finishReason()).isEqualTo("stop");
		assertThat(completion.text()).isEmpty();
	}

	private static void assertContainsNonNullFields(JsonNode written, JsonNode original, String except) {
		for (Map.Entry<String, JsonNode> field : original.properties()) {
			if (!field.getKey().equals(except) && !field.getValue().isNull()) {
				assertThat(written.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
			}
		}
	}

	private static ChatCompletion read(String path) {
		return WireJson.mapper().readValue(SseFixtures.bytes(path), ChatCompletion.class);
	}

}
