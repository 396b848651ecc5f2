package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.testfixture.Fixtures;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the captured fixtures ({@link Fixtures}) and synthetic bodies to an
 * {@link SseDecoder} whole, one byte at a time or split in two.
 */
public final class SseFixtures {

	/** An event limit far above any fixture's largest event. */
	public static final int LIMIT = 1 << 20;

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private SseFixtures() {
	}

	/**
	 * The bytes of a fixture.
	 * @param path the path under {@code fixtures/}, e.g.
	 * {@code openai/stream-refusal.sse}
	 * @return the bytes
	 */
	public static byte[] bytes(String path) {
		return Fixtures.bytes(path);
	}

	/**
	 * The fixtures whose file name starts and ends as given, sorted.
	 * @param prefix the start of the file name, e.g. {@code chat-completion-}
	 * @param suffix the end of the file name, e.g. {@code .json}
	 * @return paths under {@code fixtures/}, with {@code /} separators
	 */
	public static List<String> list(String prefix, String suffix) {
		return Fixtures.list(prefix, suffix);
	}

	/**
	 * A synthetic stream body: each item becomes one {@code data:} event.
	 * @param data the events' data
	 * @return the body, LF line ends
	 */
	public static byte[] sse(String... data) {
		StringBuilder body = new StringBuilder();
		for (String item : data) {
			body.append("data: ").append(item).append("\n\n");
		}
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A synthetic chunk of choice 0 carrying the given delta.
	 * @param delta the delta object as JSON
	 * @return the chunk JSON
	 */
	public static String chunk(String delta) {
		return chunk(delta, null);
	}

	public static String chunk(String delta, @Nullable String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-synthetic\",\"object\":\"chat.completion.chunk\",\"created\":1,"
				+ "\"model\":\"synthetic\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ finish + "}]}";
	}

	/**
	 * An independent reading of a captured stream: the string values of one delta field
	 * of choice 0, concatenated, read line by line with a plain tree parser.
	 * @param body the stream body, one {@code data:} line per event
	 * @param field the delta field, e.g. {@code content}
	 * @return the concatenated values
	 */
	public static String concatenated(byte[] body, String field) {
		StringBuilder text = new StringBuilder();
		for (JsonNode chunk : trees(body)) {
			for (JsonNode choice : chunk.path("choices")) {
				JsonNode value = choice.path("delta").path(field);
				if (choice.path("index").asInt(0) == 0 && value.isString()) {
					text.append(value.stringValue());
				}
			}
		}
		return text.toString();
	}

	/**
	 * The chunks of a captured stream as trees, read line by line with a plain parser.
	 * @param body the stream body, one {@code data:} line per event
	 * @return the chunks, without {@code [DONE]}
	 */
	public static List<JsonNode> trees(byte[] body) {
		List<JsonNode> trees = new ArrayList<>();
		for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
			if (line.startsWith("data: {")) {
				trees.add(PLAIN.readTree(line.substring(6)));
			}
		}
		return trees;
	}

	static Decoded decode(byte[] body, int maxEventSize, Feeding feeding) {
		SseDecoder decoder = new SseDecoder(maxEventSize);
		Recorder recorder = new Recorder();
		try {
			feeding.feed(decoder, body, recorder);
			decoder.finish(recorder);
		}
		catch (RuntimeException ex) {
			recorder.failure = ex.getClass();
		}
		return new Decoded(List.copyOf(recorder.events), recorder.rawBody, recorder.failure);
	}

	/**
	 * Decodes a stream body and reads every event up to {@code [DONE]} into an
	 * accumulator, as the client does.
	 */
	static ChatCompletionAccumulator accumulate(byte[] body, Feeding feeding) {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		accumulateInto(accumulator, body, feeding);
		return accumulator;
	}

	/**
	 * Like {@link #accumulate(byte[], Feeding)}, into an accumulator the caller keeps, to
	 * inspect the partial reply when reading fails.
	 */
	static void accumulateInto(ChatCompletionAccumulator accumulator, byte[] body, Feeding feeding) {
		forEachChunk(body, feeding, accumulator::add);
	}

	public static ChatCompletionAccumulator accumulate(byte[] body) {
		return accumulate(body, Feeding.WHOLE);
	}

	public static List<ChatCompletionChunk> chunks(byte[] body) {
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		forEachChunk(body, Feeding.WHOLE, chunks::add);
		return chunks;
	}

	private static void forEachChunk(byte[] body, Feeding feeding, Consumer<ChatCompletionChunk> action) {
		ChunkReader reader = new ChunkReader();
		SseDecoder decoder = new SseDecoder(LIMIT);
		boolean[] done = new boolean[1];
		SseDecoder.Listener listener = (event) -> {
			if (done[0] || event.dataEquals("[DONE]")) {
				done[0] = true;
				return;
			}
			action.accept(reader.read(event.dataArray(), event.dataOffset(), event.dataLength()));
		};
		feeding.feed(decoder, body, listener);
		decoder.finish(listener);
	}

	/**
	 * How a body is handed to the decoder.
	 */
	@FunctionalInterface
	interface Feeding {

		Feeding WHOLE = (decoder, body, listener) -> decoder.feed(body, 0, body.length, listener);

		Feeding ONE_BYTE_AT_A_TIME = (decoder, body, listener) -> {
			for (int i = 0; i < body.length; i++) {
				decoder.feed(body, i, 1, listener);
			}
		};

		void feed(SseDecoder decoder, byte[] body, SseDecoder.Listener listener);

		/**
		 * Two feeds, the first ending before {@code offset}; each feed gets its own array
		 * so that the decoder cannot read past the end of the first.
		 */
		static Feeding splitAt(int offset) {
			return (decoder, body, listener) -> {
				byte[] first = Arrays.copyOfRange(body, 0, offset);
				byte[] second = Arrays.copyOfRange(body, offset, body.length);
				decoder.feed(first, 0, first.length, listener);
				decoder.feed(second, 0, second.length, listener);
			};
		}

	}

	/**
	 * One dispatched event, copied out of the decoder.
	 */
	record Event(@Nullable String type, @Nullable String id, @Nullable Long retry, String data) {

		static Event data(String data) {
			return new Event(null, null, null, data);
		}

		static Event of(@Nullable String type, @Nullable String id, String data) {
			return new Event(type, id, null, data);
		}

		static Event retry(long retry, String data) {
			return new Event(null, null, retry, data);
		}

	}

	/**
	 * What a decoder reported for a whole body.
	 */
	record Decoded(List<Event> events, @Nullable String rawBody, @Nullable Class<? extends Throwable> failure) {

		static Decoded events(Event... events) {
			return new Decoded(List.of(events), null, null);
		}

		static Decoded raw(String rawBody, Event... events) {
			return new Decoded(List.of(events), rawBody, null);
		}

		static Decoded failure(Class<? extends Throwable> failure, Event... events) {
			return new Decoded(List.of(events), null, failure);
		}

	}

	private static final class Recorder implements SseDecoder.Listener {

		private final List<Event> events = new ArrayList<>();

		private @Nullable String rawBody;

		private @Nullable Class<? extends Throwable> failure;

		@Override
		public void onEvent(SseEvent event) {
			this.events.add(new Event(event.type(), event.lastEventId(), event.retry(), event.data()));
		}

		@Override
		public void onRawBody(byte[] body) {
			this.rawBody = new String(body, StandardCharsets.UTF_8);
		}

	}

}
