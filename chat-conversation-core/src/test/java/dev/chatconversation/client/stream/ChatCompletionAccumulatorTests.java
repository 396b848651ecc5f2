package dev.chatconversation.client.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.client.internal.ChunkReader;
import dev.chatconversation.client.internal.SseFixtures;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChoice;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChoiceLogprobs;
import dev.chatconversation.client.model.TokenLogprob;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChatCompletionAccumulator} over captured streams (scenarios 2 to 11): the
 * accumulated reply has the shape of the provider's non-streaming reply, and provider
 * quirks (usage placement, lying continuation pieces, reasoning fields, refusals,
 * logprobs, several choices) are absorbed.
 */
class ChatCompletionAccumulatorTests {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	static Stream<Arguments> twins() {
		return Stream.of(
				twin("openai/stream-tool-calls-parallel.sse", "openai/chat-completion-parallel-tool-calls.json"),
				twin("openai/stream-tool-call-args-split.sse", "openai/chat-completion-tool-call.json"),
				twin("openai/stream-tool-call-strict.sse", "openai/chat-completion-tool-call-strict.json"),
				twin("openai/stream-refusal.sse", "openai/chat-completion-refusal.json"),
				twin("openai/stream-json-schema-n3-choices.sse", "openai/chat-completion-json-schema-n3.json"),
				twin("openai/stream-json-schema.sse", "openai/chat-completion-json-schema.json"),
				twin("openai/stream-max-tokens-length.sse", "openai/chat-completion-length-truncated-json.json"),
				twin("openai/stream-text-basic.sse", "openai/chat-completion-plain.json"),
				twin("openai/stream-text-include-usage.sse", "openai/chat-completion-text.json"),
				twin("deepseek/stream-reasoning-tool-call.sse", "deepseek/chat-completion-tool-call.json"),
				twin("deepseek/stream-reasoning.sse", "deepseek/chat-completion-reasoning.json"),
				twin("deepseek/stream-text.sse", "deepseek/chat-completion-text.json"),
				twin("groq/stream-text.sse", "groq/chat-completion-text.json"),
				twin("groq/stream-tool-call.sse", "groq/chat-completion-tool-call.json"),
				twin("groq/stream-reasoning.sse", "groq/chat-completion-reasoning.json"),
				twin("mistral/stream-text.sse", "mistral/chat-completion-text.json"),
				twin("mistral/stream-tool-call.sse", "mistral/chat-completion-tool-call.json"),
				twin("mistral/stream-reasoning-content-array.sse",
						"mistral/chat-completion-reasoning-content-array.json"),
				twin("qwen-dashscope/stream-tool-call-empty-id-continuation.sse",
						"qwen-dashscope/chat-completion-tool-call.json"),
				twin("xai/stream-reasoning-text.sse", "xai/chat-completion-reasoning-text.json"),
				twin("xai/stream-reasoning-tool-call.sse", "xai/chat-completion-tool-call.json"));
	}

	/**
	 * The twins are separate recordings of the same request, so the texts differ; what
	 * must match is the shape: which parts are present, tool names, argument JSON and
	 * finish reasons.
	 */
	@ParameterizedTest
	@MethodSource("twins")
	void accumulatedStreamHasTheShapeOfTheNonStreamingTwin(String stream, String completion) {
		ChatCompletion streamed = SseFixtures.accumulate(SseFixtures.bytes(stream)).toCompletion();
		ChatCompletion whole = WireJson.mapper().readValue(SseFixtures.bytes(completion), ChatCompletion.class);

		assertThat(shapes(streamed)).isEqualTo(shapes(whole));
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/stream-text-include-usage.sse",
			"azure-openai/stream-model-router-prompt-filter-first.sse" })
	void roleOnlyAndUsageOnlyChunksAddNoTextAndUsageComesFromTheLastChunk(String path) {
		byte[] body = SseFixtures.bytes(path);
		List<ChatCompletionChunk> chunks = SseFixtures.chunks(body);
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		int first = firstWithText(chunks);
		chunks.subList(0, first).forEach(accumulator::add);

		assertThat(accumulator.hasContent()).isFalse();
		assertThat(accumulator.toCompletion().text()).isEmpty();
		chunks.subList(first, chunks.size()).forEach(accumulator::add);
		ChatCompletion completion = accumulator.toCompletion();
		ChatCompletionChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.choices()).isEmpty();
		assertThat(completion.usage()).isNotNull().isEqualTo(last.usage());
		assertThat(completion.choices()).hasSize(1);
		assertThat(completion.text()).isEqualTo(SseFixtures.concatenated(body, "content")).isNotEmpty();
		assertThat(completion.firstChoice().message().refusal()).isNull();
		assertThat(completion.id()).isNotEmpty();
		assertThat(completion.model()).isNotEmpty();
		assertThat(completion.created()).isPositive();
		assertThat(completion.extra()).doesNotContainKey("obfuscation");
	}

	@Test
	void azurePromptFilterResultsAndContentFilterResultsAreKept() {
		ChatCompletion completion = SseFixtures
			.accumulate(SseFixtures.bytes("azure-openai/stream-model-router-prompt-filter-first.sse"))
			.toCompletion();

		assertThat(completion.extra()).containsKey("prompt_filter_results");
		assertThat(completion.firstChoice().extra()).containsKey("content_filter_results");
	}

	@Test
	void parallelToolCallsBecomeTwoCallsInIndexOrder() {
		AssistantMessage message = message("openai/stream-tool-calls-parallel.sse");

		assertThat(message.toolCalls()).extracting((call) -> call.function().name())
			.containsExactly("GetWeatherArgs", "get_stock_price");
		assertThat(message.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates().allSatisfy((id) -> {
			assertThat(id).startsWith("call_");
		});
		assertThat(message.toolCalls())
			.allSatisfy((call) -> assertThat(json(call.function().arguments()).isObject()).isTrue());
		assertThat(json(message.toolCalls().get(1).function().arguments()))
			.isEqualTo(json("{\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}"));
		assertThat(message.finishReason()).isEqualTo("tool_calls");
	}

	static Stream<Arguments> lyingContinuations() {
		return Stream.of(
				Arguments.argumentSet("Qwen id \"\" on continuations",
						"qwen-dashscope/stream-tool-call-empty-id-continuation.sse", "call_eee11723464a4b9eb8cee71d",
						"weather", "{\"location\": \"San Francisco\"}", ""),
				Arguments.argumentSet("name \"\" on continuation",
						"mistral/stream-incremental-tool-call-empty-name.sse", "chatcmpl-tool-9f149c74c42f265b",
						"webSearchTool", "{\"query\": \"current Berlin weather\"}", ""),
				Arguments.argumentSet("Anthropic index starting at 1 after text",
						"anthropic-compat/stream-tool-call-index-starts-at-1.sse", "toolu_sanitized", "read_file",
						"{\"path\": \"a.txt\"}", "Reading it."));
	}

	@ParameterizedTest
	@MethodSource("lyingContinuations")
	void continuationPiecesThatLieKeepTheFirstPieceIdAndNameAndTheTextBefore(String path, String id, String name,
			String arguments, String text) {
		AssistantMessage message = message(path);

		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.id()).isEqualTo(id);
			assertThat(call.type()).isEqualTo("function");
			assertThat(call.function().name()).isEqualTo(name);
			assertThat(json(call.function().arguments())).isEqualTo(json(arguments));
		});
		assertThat(message.text()).isEqualTo(text);
		assertThat(message.finishReason()).isEqualTo("tool_calls");
	}

	@Test
	void whenDeltaRepeatsTheChoiceIndexThenTheMessageDoesNotKeepIt() {
		AssistantMessage message = message("mistral/stream-incremental-tool-call-empty-name.sse");

		assertThat(message.extra()).doesNotContainKey("index");
	}

	static Stream<Arguments> reasoningStreams() {
		return Stream.of(Arguments.argumentSet("DeepSeek", "deepseek/stream-reasoning.sse", "reasoning_content"),
				Arguments.argumentSet("DeepSeek before a tool call", "deepseek/stream-reasoning-tool-call.sse",
						"reasoning_content"),
				Arguments.argumentSet("Qwen", "qwen-dashscope/stream-reasoning.sse", "reasoning_content"),
				Arguments.argumentSet("xAI", "xai/stream-reasoning-text.sse", "reasoning_content"),
				Arguments.argumentSet("xAI before a tool call", "xai/stream-reasoning-tool-call.sse",
						"reasoning_content"),
				Arguments.argumentSet("Groq reasoning field", "groq/stream-reasoning.sse", "reasoning"));
	}

	@ParameterizedTest
	@MethodSource("reasoningStreams")
	void reasoningDeltasAreKeptApartFromTheText(String path, String field) {
		byte[] body = SseFixtures.bytes(path);
		AssistantMessage message = SseFixtures.accumulate(body).toCompletion().firstChoice().message();
		String reasoning = SseFixtures.concatenated(body, field);

		assertThat(reasoning).isNotBlank();
		assertThat(message.reasoningContent()).isEqualTo(reasoning);
		assertThat(message.text()).isEqualTo(SseFixtures.concatenated(body, "content")).doesNotContain(reasoning);
	}

	@Test
	void deepSeekToolCallIsAssembledAfterReasoning() {
		AssistantMessage message = message("deepseek/stream-reasoning-tool-call.sse");

		assertThat(message.reasoningContent()).isNotBlank();
		assertThat(message.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.function().name()).isEqualTo("weather");
			assertThat(json(call.function().arguments())).isEqualTo(json("{\"location\": \"San Francisco\"}"));
		});
	}

	@Test
	void mistralThinkingPartsBecomeReasoningAndTextPartsBecomeText() {
		AssistantMessage message = message("mistral/stream-reasoning-content-array.sse");

		assertThat(message.reasoningContent())
			.isEqualTo("The user is asking for 2+2. This is basic arithmetic. 2+2=4.");
		assertThat(message.text()).isEqualTo("2 + 2 = 4");
	}

	@Test
	void syntheticVllmReasoningFieldIsKeptApartFromTheText() {
		ChatCompletion completion = SseFixtures
			.accumulate(SseFixtures.sse(SseFixtures.chunk("{\"role\":\"assistant\",\"reasoning\":\"Add \"}"),
					SseFixtures.chunk("{\"reasoning\":\"them.\"}"), SseFixtures.chunk("{\"content\":\"4\"}", "stop")))
			.toCompletion();

		assertThat(completion.firstChoice().message().reasoningContent()).isEqualTo("Add them.");
		assertThat(completion.text()).isEqualTo("4");
	}

	@Test
	void perplexityUsageRepeatedOnEveryChunkIsTakenOnceFromTheLastChunk() {
		ChatCompletion completion = SseFixtures
			.accumulate(SseFixtures.bytes("perplexity/stream-text-usage-every-chunk.sse"))
			.toCompletion();
		Usage usage = completion.usage();

		assertThat(usage).isNotNull();
		assertThat(usage.promptTokens()).isEqualTo(11);
		assertThat(usage.completionTokens()).isEqualTo(434);
		assertThat(usage.totalTokens()).isEqualTo(445);
		assertThat(completion.extra()).containsKey("citations");
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/stream-refusal.sse", "openai/stream-refusal-logprobs.sse" })
	void refusalIsSurfacedAsRefusalNotContent(String path) {
		byte[] body = SseFixtures.bytes(path);
		ChatCompletionAccumulator accumulator = SseFixtures.accumulate(body);
		AssistantMessage message = accumulator.toCompletion().firstChoice().message();

		assertThat(message.refusal()).isEqualTo(SseFixtures.concatenated(body, "refusal")).startsWith("I'm");
		assertThat(message.content()).isNull();
		assertThat(message.finishReason()).isEqualTo("stop");
		assertThat(accumulator.hasContent()).isTrue();
	}

	@Test
	void contentLogprobsHaveOneEntryPerContentToken() {
		byte[] body = SseFixtures.bytes("openai/stream-content-logprobs.sse");
		ChatCompletionChoice choice = SseFixtures.accumulate(body).toCompletion().firstChoice();
		ChoiceLogprobs logprobs = choice.logprobs();
		long tokens = SseFixtures.trees(body)
			.stream()
			.filter((chunk) -> !chunk.path("choices").path(0).path("delta").path("content").asString("").isEmpty())
			.count();

		assertThat(logprobs).isNotNull();
		assertThat(logprobs.content()).hasSize((int) tokens).hasSize(2);
		assertThat(logprobs.content()).extracting(TokenLogprob::token).containsExactly("Foo", "!");
		assertThat(String.join("", logprobs.content().stream().map(TokenLogprob::token).toList()))
			.isEqualTo(choice.message().text());
		assertThat(logprobs.refusal()).isEmpty();
	}

	@Test
	void refusalLogprobsHaveOneEntryPerRefusalToken() {
		byte[] body = SseFixtures.bytes("openai/stream-refusal-logprobs.sse");
		ChatCompletionChoice choice = SseFixtures.accumulate(body).toCompletion().firstChoice();
		ChoiceLogprobs logprobs = choice.logprobs();
		int tokens = SseFixtures.trees(body)
			.stream()
			.mapToInt((chunk) -> chunk.path("choices").path(0).path("logprobs").path("refusal").size())
			.sum();

		assertThat(logprobs).isNotNull();
		assertThat(logprobs.content()).isEmpty();
		assertThat(logprobs.refusal()).hasSize(tokens).hasSize(11);
		assertThat(String.join("", logprobs.refusal().stream().map(TokenLogprob::token).toList()))
			.isEqualTo(choice.message().refusal());
	}

	@Test
	void severalChoicesAreAccumulatedSeparately() {
		ChatCompletion completion = SseFixtures
			.accumulate(SseFixtures.bytes("openai/stream-json-schema-n3-choices.sse"))
			.toCompletion();

		assertThat(completion.choices()).extracting(ChatCompletionChoice::index).containsExactly(0, 1, 2);
		assertThat(completion.choices())
			.extracting((choice) -> json(choice.message().text()).path("temperature").asInt())
			.containsExactly(65, 61, 59);
		assertThat(completion.choices()).allSatisfy((choice) -> {
			assertThat(json(choice.message().text()).propertyNames()).containsExactly("city", "temperature", "units");
			assertThat(choice.finishReason()).isEqualTo("stop");
		});
	}

	@Test
	void truncatedStreamReportsFinishReasonLength() {
		ChatCompletionAccumulator accumulator = SseFixtures
			.accumulate(SseFixtures.bytes("openai/stream-max-tokens-length.sse"));
		ChatCompletionChoice choice = accumulator.toCompletion().firstChoice();

		assertThat(choice.finishReason()).isEqualTo("length");
		assertThat(choice.message().finishReason()).isEqualTo("length");
		assertThat(choice.message().text()).isEqualTo("{\"");
		assertThat(accumulator.isFinished()).isTrue();
	}

	@Test
	void hasContentOnlyAfterTextAndIsFinishedOnlyAfterTheFinishReason() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		assertThat(accumulator.hasContent()).isFalse();
		assertThat(accumulator.isFinished()).isFalse();

		add(accumulator, SseFixtures.chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"));
		assertThat(accumulator.hasContent()).isFalse();
		assertThat(accumulator.isFinished()).isFalse();

		add(accumulator, SseFixtures.chunk("{\"content\":\"Hi\"}"));
		assertThat(accumulator.hasContent()).isTrue();
		assertThat(accumulator.isFinished()).isFalse();

		add(accumulator, SseFixtures.chunk("{}", "stop"));
		assertThat(accumulator.isFinished()).isTrue();
		assertThat(accumulator.chunkCount()).isEqualTo(3);
	}

	@Test
	void whenOnlyOneOfTwoChoicesFinishedThenTheStreamIsNotFinished() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		add(accumulator, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"},"
				+ "{\"index\":1,\"delta\":{\"content\":\"b\"}}]}");

		assertThat(accumulator.isFinished()).isFalse();
		add(accumulator, "{\"choices\":[{\"index\":1,\"delta\":{},\"finish_reason\":\"stop\"}]}");
		assertThat(accumulator.isFinished()).isTrue();
	}

	@Test
	void whenOnlyAnotherChoiceHasArrivedThenTheFirstChoiceIsAnEmptyChoiceZero() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		add(accumulator, "{\"choices\":[{\"delta\":{\"content\":\" of\"},\"index\":1}]}");

		ChatCompletion completion = accumulator.toCompletion();
		assertThat(completion.choices()).extracting(ChatCompletionChoice::index).containsExactly(0, 1);
		assertThat(completion.text()).isEmpty();
		assertThat(completion.choices().get(1).message().text()).isEqualTo(" of");
		assertThat(accumulator.hasContent()).isTrue();
	}

	@Test
	void theFirstChoiceIsChoiceZeroEvenAfterAChoiceWithALowerIndex() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		add(accumulator, "{\"choices\":[{\"index\":-1,\"delta\":{\"content\":\"b\"}},"
				+ "{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":2,\"delta\":{\"content\":\"c\"}}]}");

		assertThat(accumulator.toCompletion().choices()).extracting(ChatCompletionChoice::index)
			.containsExactly(0, -1, 2);
		assertThat(accumulator.toCompletion().text()).isEqualTo("a");
	}

	@Test
	void whenRoleChunkCarriesAnEmptyRefusalThenTheReplyHasNoRefusal() {
		ChatCompletion completion = SseFixtures
			.accumulate(SseFixtures.sse(SseFixtures.chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":\"\"}"),
					SseFixtures.chunk("{\"content\":\"Hello\"}", "stop")))
			.toCompletion();

		assertThat(completion.firstChoice().message().refusal()).isNull();
		assertThat(completion.text()).isEqualTo("Hello");
	}

	@Test
	void partialReplyCanBeTakenAtAnyTime() {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		List<ChatCompletionChunk> chunks = SseFixtures.chunks(SseFixtures.bytes("openai/stream-text-basic.sse"));
		chunks.subList(0, 4).forEach(accumulator::add);

		assertThat(accumulator.toCompletion().text()).isEqualTo("I'm unable to");
		assertThat(accumulator.toCompletion().firstChoice().finishReason()).isNull();
		assertThat(accumulator.isFinished()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("dev.chatconversation.client.internal.StreamFixturesTests#streams")
	void accumulatedCompletionWritesBackToAnEqualValue(String path) {
		ChatCompletion completion = SseFixtures.accumulate(SseFixtures.bytes(path)).toCompletion();
		byte[] written = WireJson.mapper().writeValueAsBytes(completion);

		assertThat(WireJson.mapper().readValue(written, ChatCompletion.class)).isEqualTo(completion);
	}

	private static void add(ChatCompletionAccumulator accumulator, String chunk) {
		byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
		accumulator.add(new ChunkReader().read(bytes, 0, bytes.length));
	}

	private static int firstWithText(List<ChatCompletionChunk> chunks) {
		for (int i = 0; i < chunks.size(); i++) {
			if (!chunks.get(i).text().isEmpty()) {
				return i;
			}
		}
		throw new IllegalStateException("no text");
	}

	private static AssistantMessage message(String path) {
		return SseFixtures.accumulate(SseFixtures.bytes(path)).toCompletion().firstChoice().message();
	}

	private static JsonNode json(String text) {
		return PLAIN.readTree(text);
	}

	private static List<Shape> shapes(ChatCompletion completion) {
		List<Shape> shapes = new ArrayList<>();
		for (ChatCompletionChoice choice : completion.choices()) {
			AssistantMessage message = choice.message();
			shapes.add(new Shape(choice.finishReason(), !message.text().isEmpty(), message.refusal() != null,
					message.reasoningContent() != null,
					message.toolCalls().stream().map((call) -> call.function().name()).toList(),
					message.toolCalls().stream().map((call) -> json(call.function().arguments())).toList()));
		}
		return shapes;
	}

	private static Arguments twin(String stream, String completion) {
		return Arguments.argumentSet(stream + " ~ " + completion, stream, completion);
	}

	/**
	 * What a streamed reply and its non-streaming twin must share.
	 */
	record Shape(@Nullable String finishReason, boolean hasText, boolean hasRefusal, boolean hasReasoning,
			List<String> toolNames, List<JsonNode> toolArguments) {
	}

}
