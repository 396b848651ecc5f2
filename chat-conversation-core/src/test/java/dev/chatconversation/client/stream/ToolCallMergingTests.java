package dev.chatconversation.client.stream;

import java.util.List;

import dev.chatconversation.client.internal.SseFixtures;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool-call merging for providers with no captured stream (all cases synthetic, built
 * from the shapes reported in openai/openai-python #2806, su-kaka/gcli2api #406,
 * spring-projects/spring-ai #5974 and #6441, and Ollama's documented output).
 */
class ToolCallMergingTests {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final String ROLE = SseFixtures.chunk("{\"role\":\"assistant\",\"content\":\"\"}");

	@Test
	void geminiCallWithoutIndexBecomesOneCall() {
		AssistantMessage message = accumulate(ROLE,
				calls("{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
						+ "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"),
				SseFixtures.chunk("{}", "stop"));

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).isEqualTo("call_a");
			assertThat(call.function().name()).isEqualTo("get_weather");
			assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
		});
		assertThat(message.finishReason()).isEqualTo("stop");
	}

	@Test
	void geminiArgumentsSplitOverDeltasWithoutIndexAreJoined() {
		AssistantMessage message = accumulate(ROLE,
				calls("{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
						+ "\"arguments\":\"{\\\"ci\"}}"),
				calls("{\"function\":{\"arguments\":\"ty\\\":\\\"Par\"}}"),
				calls("{\"id\":\"\",\"function\":{\"arguments\":\"is\\\"}\"}}"));

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).isEqualTo("call_a");
			assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
		});
	}

	@Test
	void geminiParallelCallsAllAtIndexZeroInOneDeltaBecomeTwoCalls() {
		AssistantMessage message = accumulate(ROLE,
				calls(call(0, "call_a", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}"),
						call(0, "call_b", "get_time", "{\\\"zone\\\":\\\"CET\\\"}")));

		assertTwoCalls(message.toolCalls());
	}

	@Test
	void geminiParallelCallsAllAtIndexZeroInSeparateDeltasBecomeTwoCalls() {
		AssistantMessage message = accumulate(ROLE,
				calls(call(0, "call_a", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}")),
				calls(call(0, "call_b", "get_time", "{\\\"zone\\\":\\\"CET\\\"}")));

		assertTwoCalls(message.toolCalls());
	}

	@Test
	void parallelCallsWithoutIndexButWithIdsBecomeTwoCalls() {
		AssistantMessage message = accumulate(ROLE,
				calls("{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
						+ "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"),
				calls("{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
						+ "\"arguments\":\"{\\\"zone\\\":\\\"CET\\\"}\"}}"));

		assertTwoCalls(message.toolCalls());
	}

	@Test
	void vllmRepeatingTheSameIdOnEveryChunkGivesOneCall() {
		AssistantMessage message = accumulate(ROLE, calls(call(0, "chatcmpl-tool-1", "get_weather", "")),
				calls(call(0, "chatcmpl-tool-1", "get_weather", "{\\\"city\\\":")),
				calls(call(0, "chatcmpl-tool-1", null, "\\\"Paris\\\"}")), SseFixtures.chunk("{}", "tool_calls"));

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).isEqualTo("chatcmpl-tool-1");
			assertThat(call.function().name()).isEqualTo("get_weather");
			assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
		});
	}

	@Test
	void vllmEmptyToolCallsOnTextChunksKeepTheText() {
		AssistantMessage message = accumulate(ROLE, SseFixtures.chunk("{\"content\":\"Hello\",\"tool_calls\":[]}"),
				SseFixtures.chunk("{\"content\":\" world\",\"tool_calls\":[]}"),
				SseFixtures.chunk("{\"tool_calls\":[]}", "stop"));

		assertThat(message.text()).isEqualTo("Hello world");
		assertThat(message.toolCalls()).isEmpty();
		assertThat(message.hasToolCalls()).isFalse();
	}

	@Test
	void ollamaWholeCallsOnePerDeltaWithRoleRepeatedBecomeTwoCalls() {
		String first = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
				+ call(0, "call_a", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}") + "]}";
		String second = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
				+ call(0, "call_b", "get_time", "{\\\"zone\\\":\\\"CET\\\"}") + "]}";
		AssistantMessage message = accumulate(SseFixtures.chunk(first), SseFixtures.chunk(second),
				SseFixtures.chunk("{\"role\":\"assistant\",\"content\":\"\"}", "tool_calls"));

		assertTwoCalls(message.toolCalls());
		assertThat(message.content()).isNull();
	}

	@Test
	void ollamaWholeCallsWithIncreasingIndexBecomeTwoCalls() {
		AssistantMessage message = accumulate(
				SseFixtures.chunk("{\"role\":\"assistant\",\"tool_calls\":["
						+ call(0, "call_a", "get_weather", "{\\\"city\\\":\\\"Paris\\\"}") + "]}"),
				SseFixtures.chunk("{\"role\":\"assistant\",\"tool_calls\":["
						+ call(1, "call_b", "get_time", "{\\\"zone\\\":\\\"CET\\\"}") + "]}"));

		assertTwoCalls(message.toolCalls());
	}

	@Test
	void geminiThoughtSignatureOnAToolCallIsKeptOnTheCall() {
		AssistantMessage message = accumulate(ROLE,
				calls("{\"extra_content\":{\"google\":{\"thought_signature\":\"c2lnbmF0dXJl\"}},"
						+ "\"function\":{\"arguments\":\"{}\",\"name\":\"get_weather\"},\"id\":\"call_a\","
						+ "\"type\":\"function\"}"),
				SseFixtures.chunk("{}", "stop"));

		assertThat(message.toolCalls()).singleElement()
			.satisfies((call) -> assertThat(
					call.extra().get("extra_content").path("google").path("thought_signature").asString())
				.isEqualTo("c2lnbmF0dXJl"));
	}

	@Test
	void textBeforeAToolCallWithoutIndexIsKept() {
		AssistantMessage message = accumulate(ROLE, SseFixtures.chunk("{\"content\":\"Let me check.\"}"),
				calls("{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
						+ "\"arguments\":\"{}\"}}"));

		assertThat(message.text()).isEqualTo("Let me check.");
		assertThat(message.toolCalls()).hasSize(1);
	}

	@Test
	void whenAPieceHasNoIdYetThenTheLaterIdIsKept() {
		AssistantMessage message = accumulate(ROLE, calls(call(0, null, "get_weather", "{")),
				calls(call(0, "call_late", null, "}")));

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).isEqualTo("call_late");
			assertThat(call.function().arguments()).isEqualTo("{}");
		});
	}

	@Test
	void whenNoPieceCarriesAnIdThenEachCallGetsADistinctOne() {
		AssistantMessage message = accumulate(ROLE, calls(call(0, null, "get_weather", "{}")),
				calls(call(1, "", "get_time", "{}")));

		assertThat(message.toolCalls()).extracting(ToolCall::id).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(message.toolCalls()).extracting(ToolCall::id).allSatisfy((id) -> assertThat(id).isNotEmpty());
	}

	@Test
	void whenCallHasNoArgumentsThenArgumentsAreAnEmptyObject() {
		AssistantMessage message = accumulate(ROLE, calls(call(0, "call_a", "now", "")));

		assertThat(message.toolCalls()).singleElement()
			.satisfies((call) -> assertThat(call.function().arguments()).isEqualTo("{}"));
	}

	private static void assertTwoCalls(List<ToolCall> calls) {
		assertThat(calls).extracting(ToolCall::id).containsExactly("call_a", "call_b");
		assertThat(calls).extracting((call) -> call.function().name()).containsExactly("get_weather", "get_time");
		assertThat(json(calls.get(0).function().arguments())).isEqualTo(json("{\"city\":\"Paris\"}"));
		assertThat(json(calls.get(1).function().arguments())).isEqualTo(json("{\"zone\":\"CET\"}"));
	}

	private static String calls(String... calls) {
		return SseFixtures.chunk("{\"tool_calls\":[" + String.join(",", calls) + "]}");
	}

	/**
	 * A tool-call piece; {@code arguments} is already escaped for a JSON string.
	 */
	private static String call(int index, @Nullable String id, @Nullable String name, String arguments) {
		StringBuilder call = new StringBuilder("{\"index\":").append(index);
		if (id != null) {
			call.append(",\"id\":\"").append(id).append("\",\"type\":\"function\"");
		}
		call.append(",\"function\":{");
		if (name != null) {
			call.append("\"name\":\"").append(name).append("\",");
		}
		return call.append("\"arguments\":\"").append(arguments).append("\"}}").toString();
	}

	private static AssistantMessage accumulate(String... chunks) {
		return SseFixtures.accumulate(SseFixtures.sse(chunks)).toCompletion().firstChoice().message();
	}

	private static JsonNode json(String text) {
		return PLAIN.readTree(text);
	}

}
