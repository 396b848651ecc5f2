package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.chatconversation.client.internal.SseFixtures.Feeding;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ChunkReader}: error events, malformed events (scenario 13), provider variants
 * and unknown fields. Error and malformed shapes are synthetic unless a fixture is named.
 */
class ChunkReaderTests {

	private final ChunkReader reader = new ChunkReader();

	static Stream<Arguments> errorEvents() {
		return Stream.of(
				Arguments.argumentSet("OpenAI error object",
						"{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"code\":null}}",
						"The server had an error"),
				Arguments.argumentSet("OpenRouter error after a choice with finish_reason error",
						"{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
								+ "\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}],"
								+ "\"error\":{\"code\":502,\"message\":\"Provider returned error\"}}",
						"Provider returned error"),
				Arguments.argumentSet("vLLM object error",
						"{\"object\":\"error\",\"message\":\"Context too long\",\"type\":\"BadRequestError\","
								+ "\"param\":null,\"code\":400}",
						"Context too long"));
	}

	@ParameterizedTest
	@MethodSource("errorEvents")
	void whenEventCarriesAnErrorThenFailsWithTheErrorNode(String json, String message) {
		assertThatExceptionOfType(StreamErrorEventException.class).isThrownBy(() -> read(json))
			.satisfies((ex) -> assertThat(ex.error().path("message").asString()).isEqualTo(message));
	}

	@Test
	void whenVllmReportsAnErrorThenTheNodeKeepsItsFields() {
		assertThatExceptionOfType(StreamErrorEventException.class)
			.isThrownBy(
					() -> read("{\"object\":\"error\",\"message\":\"m\",\"type\":\"BadRequestError\",\"code\":400}"))
			.satisfies((ex) -> {
				assertThat(ex.error().path("type").asString()).isEqualTo("BadRequestError");
				assertThat(ex.error().path("code").asInt()).isEqualTo(400);
			});
	}

	@Test
	void whenErrorIsAStringThenFailsWithTheString() {
		assertThatExceptionOfType(StreamErrorEventException.class)
			.isThrownBy(() -> read("{\"error\":\"model is overloaded\"}"))
			.satisfies((ex) -> assertThat(ex.error().asString()).isEqualTo("model is overloaded"));
	}

	@Test
	void whenErrorIsNullThenTheChunkIsRead() {
		assertThat(read("{\"id\":\"a\",\"choices\":[],\"error\":null}").id()).isEqualTo("a");
	}

	static Stream<Arguments> malformedEvents() {
		return Stream.of(Arguments.argumentSet("cut in the middle", "{\"id\":\"a\",\"choices\":[{\"delta\":{\"cont"),
				Arguments.argumentSet("invalid token", "{\"id\":\"a\",,\"choices\":[]}"),
				Arguments.argumentSet("unquoted value", "{\"id\":abc}"), Arguments.argumentSet("a string", "\"hello\""),
				Arguments.argumentSet("an array", "[1,2]"), Arguments.argumentSet("a number", "42"),
				Arguments.argumentSet("empty", ""),
				Arguments.argumentSet("garbage after the object", "{\"id\":\"a\"} x"),
				Arguments.argumentSet("two objects in one event", "{\"id\":\"a\"}\n{\"id\":\"b\"}"));
	}

	@ParameterizedTest
	@MethodSource("malformedEvents")
	void whenEventIsNotAChunkThenFailsNamingTheEventNumber(String json) {
		read("{\"id\":\"a\",\"choices\":[]}");
		read("{\"id\":\"a\",\"choices\":[]}");

		assertThatExceptionOfType(ChunkFormatException.class).isThrownBy(() -> read(json))
			.satisfies((ex) -> assertThat(ex.eventNumber()).isEqualTo(3))
			.withMessageStartingWith("Stream event 3 is not a valid chunk");
	}

	@ParameterizedTest
	@MethodSource("malformedEvents")
	void whenEventReadWithOthersIsNotAChunkThenTheEventsBeforeItAreDeliveredAndItIsNamed(String json) {
		List<ChatCompletionChunk> delivered = new ArrayList<>();

		assertThatExceptionOfType(ChunkFormatException.class)
			.isThrownBy(() -> readAll(delivered, "{\"id\":\"a\",\"choices\":[]}", "{\"id\":\"b\",\"choices\":[]}", json,
					"{\"id\":\"d\",\"choices\":[]}"))
			.satisfies((ex) -> assertThat(ex.eventNumber()).isEqualTo(3))
			.withMessageStartingWith("Stream event 3 is not a valid chunk");
		assertThat(delivered).extracting(ChatCompletionChunk::id).containsExactly("a", "b");
	}

	static Stream<Arguments> eventsCutBetweenTwoEvents() {
		return Stream.of(Arguments.argumentSet("after a colon", "{\"id\":", "\"b\"}"),
				Arguments.argumentSet("after a comma", "{\"id\":\"b\",", "\"model\":\"m\"}"),
				Arguments.argumentSet("before the closing brace", "{\"id\":\"b\"", "}"),
				Arguments.argumentSet("inside a string", "{\"id\":\"b", "\"}"));
	}

	@ParameterizedTest
	@MethodSource("eventsCutBetweenTwoEvents")
	void whenAnObjectIsSplitOverTwoEventsReadTogetherThenTheFirstFails(String first, String second) {
		List<ChatCompletionChunk> delivered = new ArrayList<>();

		assertThatExceptionOfType(ChunkFormatException.class)
			.isThrownBy(() -> readAll(delivered, "{\"id\":\"a\",\"choices\":[]}", first, second))
			.satisfies((ex) -> assertThat(ex.eventNumber()).isEqualTo(2));
		assertThat(delivered).extracting(ChatCompletionChunk::id).containsExactly("a");
	}

	@Test
	void eventsReadTogetherGiveTheSameChunksAsEventsReadOneByOne() {
		List<byte[]> events = eventData(SseFixtures.bytes("openai/stream-tool-calls-parallel.sse"));
		List<ChatCompletionChunk> together = new ArrayList<>();
		readAll(together,
				events.stream().map((data) -> new String(data, StandardCharsets.UTF_8)).toArray(String[]::new));

		ChunkReader single = new ChunkReader();
		assertThat(together).isEqualTo(events.stream().map((data) -> single.read(data, 0, data.length)).toList());
	}

	@Test
	void whenFifthEventOfACapturedStreamIsCutThenFailsNamingItAndKeepsThePartialReply() {
		byte[] body = replaceEvent(SseFixtures.bytes("openai/stream-text-basic.sse"), 5,
				(json) -> json.substring(0, json.length() / 2));
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

		assertThatExceptionOfType(ChunkFormatException.class)
			.isThrownBy(() -> SseFixtures.accumulateInto(accumulator, body, Feeding.WHOLE))
			.satisfies((ex) -> assertThat(ex.eventNumber()).isEqualTo(5));
		assertThat(accumulator.chunkCount()).isEqualTo(4);
		assertThat(accumulator.toCompletion().text()).isEqualTo("I'm unable to");
	}

	@Test
	void whenEventOfACapturedStreamHasInvalidJsonInTheMiddleThenFailsNamingIt() {
		byte[] body = replaceEvent(SseFixtures.bytes("openai/stream-text-basic.sse"), 12,
				(json) -> json.replace("\"delta\":{", "\"delta\":{{"));

		assertThatExceptionOfType(ChunkFormatException.class)
			.isThrownBy(() -> SseFixtures.accumulate(body, Feeding.WHOLE))
			.satisfies((ex) -> assertThat(ex.eventNumber()).isEqualTo(12));
	}

	@Test
	void unknownFieldsAreKeptAtChunkChoiceDeltaAndToolCallLevel() {
		ChatCompletionChunk chunk = read("{\"id\":\"a\",\"obfuscation\":\"xyz\",\"x_groq\":{\"id\":\"req_1\"},"
				+ "\"choices\":[{\"index\":0,\"content_filter_results\":{},\"delta\":{\"content\":\"Hi\","
				+ "\"annotations\":[],\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"f\",\"arguments\":\"{}\",\"strict\":true},"
				+ "\"extra_content\":{\"google\":{\"thought_signature\":\"sig\"}}}]}}]}");
		ChunkChoice choice = chunk.choices().get(0);
		ToolCallDelta call = choice.delta().toolCalls().get(0);

		assertThat(chunk.extra()).containsOnlyKeys("obfuscation", "x_groq");
		assertThat(chunk.extra().get("x_groq").path("id").asString()).isEqualTo("req_1");
		assertThat(choice.extra()).containsOnlyKeys("content_filter_results");
		assertThat(choice.delta().extra()).containsOnlyKeys("annotations");
		assertThat(call.extra()).containsOnlyKeys("extra_content");
		assertThat(call.function().extra()).containsOnlyKeys("strict");
	}

	@Test
	void repeatedIdAndModelAreTheSameInstanceAcrossChunks() {
		List<ChatCompletionChunk> chunks = SseFixtures.chunks(SseFixtures.bytes("openai/stream-text-basic.sse"));

		assertThat(chunks).hasSizeGreaterThan(2);
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.id()).isSameAs(chunks.get(0).id());
			assertThat(chunk.model()).isSameAs(chunks.get(0).model());
			assertThat(chunk.object()).isSameAs(chunks.get(0).object());
		});
	}

	@Test
	void whenRepeatedValueChangesThenTheNewValueIsRead() {
		assertThat(read("{\"id\":\"a\",\"model\":\"m1\"}").model()).isEqualTo("m1");
		assertThat(read("{\"id\":\"b\",\"model\":\"m2\"}").model()).isEqualTo("m2");
		assertThat(read("{\"id\":\"b\",\"model\":\"m1\"}").id()).isEqualTo("b");
	}

	@Test
	void mistralContentArrayBecomesTextAndReasoning() {
		Delta delta = readDelta(
				"{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Hmm\"}]},"
						+ "{\"type\":\"text\",\"text\":\"4\"}]}");

		assertThat(delta.content()).isEqualTo("4");
		assertThat(delta.reasoningContent()).isEqualTo("Hmm");
	}

	@Test
	void vllmReasoningFieldBecomesReasoningContent() {
		assertThat(readDelta("{\"reasoning\":\"step 1\"}").reasoningContent()).isEqualTo("step 1");
	}

	@Test
	void whenBothReasoningFieldsArriveThenReasoningIsNotDoubled() {
		Delta delta = readDelta("{\"reasoning_content\":\"step\",\"reasoning\":\"step\"}");

		assertThat(delta.reasoningContent()).isEqualTo("step");
	}

	@Test
	void nullsWhereObjectsAreExpectedAreTolerated() {
		ChatCompletionChunk chunk = read("{\"id\":\"a\",\"created\":1.5,\"usage\":null,\"choices\":[{\"index\":0,"
				+ "\"delta\":null,\"logprobs\":null}]}");
		ChatCompletionChunk noChoices = read("{\"id\":\"a\",\"choices\":null}");
		Delta noCalls = readDelta("{\"content\":\"x\",\"tool_calls\":null,\"function_call\":null,\"audio\":null}");

		assertThat(chunk.created()).isNull();
		assertThat(chunk.usage()).isNull();
		assertThat(chunk.choices().get(0).delta()).isEqualTo(Delta.EMPTY);
		assertThat(noChoices.choices()).isEmpty();
		assertThat(noCalls.toolCalls()).isEmpty();
		assertThat(noCalls.functionCall()).isNull();
	}

	@Test
	void toolCallArgumentsSentAsAnObjectBecomeJsonText() {
		Delta delta = readDelta(
				"{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]}");

		assertThat(delta.toolCalls().get(0).function().arguments()).isEqualTo("{\"a\":1}");
	}

	@Test
	void readsUsageOnAChunkWithoutChoices() {
		ChatCompletionChunk chunk = read("{\"id\":\"a\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
				+ "\"completion_tokens\":4,\"total_tokens\":7,\"prompt_cache_hit_tokens\":1}}");

		assertThat(chunk.choices()).isEmpty();
		assertThat(chunk.usage().totalTokens()).isEqualTo(7);
		assertThat(chunk.usage().extra()).containsOnlyKeys("prompt_cache_hit_tokens");
	}

	@Test
	void theFirstChoiceAndItsTextAreTheChoiceWithIndexZeroWhereverItStands() {
		ChatCompletionChunk interleaved = read("{\"choices\":[{\"index\":2,\"delta\":{\"content\":\"two\"}},"
				+ "{\"index\":0,\"delta\":{\"content\":\"zero\"}}]}");
		ChatCompletionChunk otherOnly = read("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"one\"}}]}");
		ChatCompletionChunk none = read("{\"choices\":[]}");

		assertThat(interleaved.firstChoice()).isNotNull().extracting(ChunkChoice::index).isEqualTo(0);
		assertThat(interleaved.text()).isEqualTo("zero");
		assertThat(otherOnly.firstChoice()).isNull();
		assertThat(otherOnly.text()).isEmpty();
		assertThat(none.firstChoice()).isNull();
		assertThat(none.text()).isEmpty();
	}

	private ChatCompletionChunk read(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return this.reader.read(bytes, 0, bytes.length);
	}

	private Delta readDelta(String delta) {
		return read("{\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}").choices().get(0).delta();
	}

	/**
	 * Lays the events out as the client does: one after the other, each followed by a
	 * line feed.
	 */
	private void readAll(List<ChatCompletionChunk> delivered, String... events) {
		byte[] data = new byte[0];
		int[] bounds = new int[2 * events.length];
		for (int i = 0; i < events.length; i++) {
			byte[] event = events[i].getBytes(StandardCharsets.UTF_8);
			bounds[2 * i] = data.length;
			bounds[2 * i + 1] = data.length + event.length;
			byte[] joined = Arrays.copyOf(data, data.length + event.length + 1);
			System.arraycopy(event, 0, joined, data.length, event.length);
			joined[joined.length - 1] = '\n';
			data = joined;
		}
		this.reader.readAll(data, bounds, events.length, delivered::add);
	}

	private static List<byte[]> eventData(byte[] body) {
		List<byte[]> events = new ArrayList<>();
		SseDecoder.Listener collect = (event) -> {
			if (!event.dataEquals("[DONE]")) {
				events.add(event.data().getBytes(StandardCharsets.UTF_8));
			}
		};
		SseDecoder decoder = new SseDecoder(SseFixtures.LIMIT);
		decoder.feed(body, 0, body.length, collect);
		decoder.finish(collect);
		return events;
	}

	private static byte[] replaceEvent(byte[] body, int eventNumber, UnaryOperator<String> change) {
		String[] events = new String(body, StandardCharsets.UTF_8).split("\n\n", -1);
		String line = events[eventNumber - 1];
		assertThat(line).startsWith("data: {");
		events[eventNumber - 1] = "data: " + change.apply(line.substring(6));
		return String.join("\n\n", events).getBytes(StandardCharsets.UTF_8);
	}

}
