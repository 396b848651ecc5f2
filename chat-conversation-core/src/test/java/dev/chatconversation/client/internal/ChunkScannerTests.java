package dev.chatconversation.client.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.chatconversation.client.model.ChatCompletionChunk;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path of the chunk reader ({@link ChunkScanner}) against Jackson: for every
 * captured stream, hand-written edge case and edited event, a reader with the fast path
 * gives the same chunks, or the same failure with the same message, as a reader that
 * reads every event with Jackson; one event at a time and all of a read at once. And the
 * fast path does take the chunks it is there for (text, reasoning, refusal and tool-call
 * pieces), so that losing it is caught too.
 */
class ChunkScannerTests {

	/** Every captured stream. */
	static List<String> streams() {
		return SseFixtures.list("stream-", ".sse");
	}

	@ParameterizedTest
	@MethodSource("streams")
	void everyCapturedStreamReadsToTheSameChunksWithAndWithoutTheFastPath(String path) {
		List<byte[]> events = events(SseFixtures.bytes(path));

		Outcome jackson = Outcome.oneByOne(new ChunkReader(false), events);

		assertThat(jackson.failure).isNull();
		assertThat(Outcome.oneByOne(new ChunkReader(), events)).isEqualTo(jackson);
		assertThat(Outcome.allAtOnce(new ChunkReader(), events)).isEqualTo(jackson);
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/stream-text-basic.sse", "openai/stream-refusal.sse",
			"openai/stream-json-schema.sse", "openai/stream-json-schema-n3-choices.sse",
			"openai/stream-max-tokens-length.sse", "deepseek/stream-text.sse", "deepseek/stream-reasoning.sse",
			"mistral/stream-text.sse", "qwen-dashscope/stream-reasoning.sse", "xai/stream-reasoning-text.sse",
			"openai/stream-tool-call-strict.sse", "openai/stream-tool-calls-parallel.sse",
			"openai/stream-tool-call-args-split.sse", "mistral/stream-tool-call.sse",
			"deepseek/stream-reasoning-tool-call.sse", "qwen-dashscope/stream-tool-call-empty-id-continuation.sse",
			"anthropic-compat/stream-tool-call-index-starts-at-1.sse", "xai/stream-reasoning-tool-call.sse" })
	void theFastPathTakesEveryTextReasoningRefusalAndToolCallChunkOfAStream(String path) {
		List<byte[]> events = events(SseFixtures.bytes(path));
		ChunkScanner scanner = new ChunkScanner(new RepeatedStrings());

		for (byte[] event : events) {
			String json = new String(event, StandardCharsets.UTF_8);
			if (!json.contains("\"usage\":{") && !json.contains("\"usage\": {")) {
				assertThat(scanner.read(event, 0, event.length)).as(json).isNotNull();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// white space everywhere JSON allows it
			" { \"id\" : \"a\" ,\n\"choices\"\t:\r[ { \"index\" : 0 , \"delta\" : { \"content\" : \"x\" } } ] } ",
			// escapes, raw non-ASCII, surrogate pairs, a lone surrogate
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u00e9\\u00C9\\ud83d\\ude00\\ud800 x\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"été 😀 中文 \\n done\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"€\u0080\u07ff\u0800\uffff\"}}]}",
			// reasoning in its three spellings, refusal, role, nulls
			"{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"r\",\"reasoning\":\"v\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"v\",\"refusal\":\"no\",\"content\":null}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":null,\"function_call\":null,\"audio\":null}}]}",
			// unmodelled fields: strings, booleans, null; known names in the wrong object
			"{\"obfuscation\":\"x\",\"flag\":true,\"other\":false,\"gone\":null,\"choices\":[]}",
			"{\"content\":\"top\",\"choices\":[{\"index\":0,\"id\":\"c\",\"delta\":{\"index\":\"d\",\"model\":\"m\"}}]}",
			// the same field twice: the last one wins, as in Jackson
			"{\"id\":\"a\",\"id\":\"b\",\"x\":\"1\",\"x\":\"2\",\"choices\":[{\"index\":0,\"index\":1,\"delta\":{}}]}",
			// choices, deltas and indexes in every form the fast path takes
			"{\"choices\":null}", "{}", "{\"choices\":[{}]}", "{\"choices\":[{\"index\":null,\"delta\":null}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{}},{\"index\":1,\"delta\":{\"content\":\"b\"}},{\"index\":2}]}",
			"{\"created\":0,\"choices\":[{\"index\":123456789,\"finish_reason\":\"stop\",\"logprobs\":null}]}",
			"{\"created\":999999999999999999,\"usage\":null,\"error\":null,\"choices\":[]}",
			// tool-call and function-call pieces
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}},{\"index\":1,\"id\":null,\"type\":null,\"function\":null,\"x\":true}]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[],\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\",\"extra\":\"e\"}}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{},{\"function\":{}}],\"function_call\":null}}]}" })
	void theFastPathTakesWhatJsonAllowsAndReadsItAsJacksonDoes(String json) {
		byte[] event = json.getBytes(StandardCharsets.UTF_8);

		assertThat(new ChunkScanner(new RepeatedStrings()).read(event, 0, event.length)).isNotNull();
		assertSameWithAndWithoutTheFastPath(List.of(event));
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// JSON errors: each must fail with Jackson's message
			"{\"id\":\"a\"", "{\"id\":\"a\",}", "{\"id\" \"a\"}", "{\"id\":\"a\"}}", "{\"id\":\"a\"} {}", "[]", "null",
			"{\"id\":nul}", "{\"id\":nullx}", "{\"x\":truex}", "{\"created\":01}", "{\"created\":1.5}",
			"{\"created\":1e3}", "{\"created\":-1}", "{\"created\":12345678901234567890}", "{\"created\":\"1\"}",
			"{\"choices\":[{\"index\":9999999999}]}", "{\"choices\":[{\"index\":-1}]}", "{\"choices\":[1]}",
			"{\"choices\":{}}", "{\"choices\":[{\"delta\":[]}]}", "{\"choices\":[{\"delta\":\"x\"}]}",
			"{\"choices\":[{\"index\":0}],}", "{\"choices\":[{\"index\":0},]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\x\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\u12\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\\u12g4\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tab\there\"}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"unterminated}}]}",
			// shapes left to Jackson: errors, usage, logprobs, tool calls, arrays,
			// numbers
			"{\"error\":{\"message\":\"boom\"}}", "{\"object\":\"error\",\"message\":\"boom\"}",
			"{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3},\"choices\":[]}",
			"{\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":{\"content\":[]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":{\"a\":1}}}]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":{}}}]}",
			"{\"choices\":[{\"delta\":{\"tool_calls\":[1]}}]}",
			"{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":\"f\"}]}}]}",
			"{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":\"0\"}]}}]}",
			"{\"choices\":[{\"delta\":{\"function_call\":[]}}]}",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}}]}",
			"{\"x_groq\":{\"id\":\"req\"},\"n\":1,\"f\":1.5,\"choices\":[]}", "{\"id\":1,\"model\":true}",
			"{\"i\\u0064\":\"escaped name\"}", "{\"ïd\":\"non-ASCII name\"}" })
	void whatTheFastPathDeclinesJacksonReadsOrRejectsWithItsOwnMessage(String json) {
		assertSameWithAndWithoutTheFastPath(List.of(json.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void utf8ThatIsNotWellFormedIsLeftToJackson() {
		byte[][] broken = { { (byte) 0xC0, (byte) 0x80 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				{ (byte) 0xE2, (byte) 0x82 }, { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xFF },
				{ (byte) 0x80 }, { (byte) 0xE0, (byte) 0x80, (byte) 0x80 } };
		for (byte[] bytes : broken) {
			for (String escape : new String[] { "", "\\n" }) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				out.writeBytes(("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a" + escape)
					.getBytes(StandardCharsets.UTF_8));
				out.writeBytes(bytes);
				out.writeBytes("b\"}}]}".getBytes(StandardCharsets.UTF_8));
				byte[] event = out.toByteArray();

				assertThat(new ChunkScanner(new RepeatedStrings()).read(event, 0, event.length))
					.as(Arrays.toString(bytes))
					.isNull();
				assertSameWithAndWithoutTheFastPath(List.of(event));
			}
		}
	}

	@Test
	void aValueThatStopsRepeatingIsReadAgain() {
		List<byte[]> events = List.of(utf8("{\"id\":\"abc\",\"model\":\"m\",\"choices\":[]}"),
				utf8("{\"id\":\"abc\",\"model\":\"m\",\"choices\":[]}"),
				utf8("{\"id\":\"abcd\",\"model\":\"m\",\"choices\":[]}"),
				utf8("{\"id\":\"ab\",\"model\":\"é\",\"choices\":[]}"),
				utf8("{\"id\":\"ab\\\"\",\"model\":\"é\",\"choices\":[]}"),
				utf8("{\"id\":\"ab\",\"model\":\"m\",\"choices\":[]}"));

		Outcome fast = assertSameWithAndWithoutTheFastPath(events);

		assertThat(fast.chunks).extracting(ChatCompletionChunk::id)
			.containsExactly("abc", "abc", "abcd", "ab", "ab\"", "ab");
		assertThat(fast.chunks).extracting(ChatCompletionChunk::model).containsExactly("m", "m", "m", "é", "é", "m");
		// a repeat is the same instance: a stream does not hold a copy per chunk
		assertThat(fast.chunks.get(1).id()).isSameAs(fast.chunks.get(0).id());
	}

	@Test
	void aStreamWhoseEventTheFastPathDeclinesGoesToJacksonForSixteenEventsThenTriesAgain() {
		byte[] declined = utf8("{\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":{\"content\":[]}}]}");
		byte[] text = utf8("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
		ChunkReader reader = new ChunkReader();

		reader.read(text, 0, text.length);
		assertThat(reader.scanned()).isOne();
		reader.read(declined, 0, declined.length);
		for (int i = 0; i < 16; i++) {
			reader.read(text, 0, text.length);
		}
		assertThat(reader.scanned()).isOne();
		reader.read(text, 0, text.length);
		assertThat(reader.scanned()).isEqualTo(2);
	}

	@Test
	void aNetworkReadOfTakenEventsIsReadWithoutJackson() {
		List<byte[]> events = events(SseFixtures.bytes("openai/stream-text-basic.sse"));
		ChunkReader reader = new ChunkReader();

		Outcome read = Outcome.allAtOnce(reader, events);

		// all but the last, whose usage object goes to Jackson
		assertThat(read.chunks).hasSize(events.size());
		assertThat(new String(events.get(events.size() - 1), StandardCharsets.UTF_8)).contains("\"usage\":{");
		assertThat(reader.scanned()).isEqualTo(events.size() - 1);
	}

	/**
	 * Captured events edited at random (bytes replaced, inserted and removed, strings and
	 * numbers swapped for awkward ones), in streams of three so that repeated values are
	 * compared too: the same chunks or the same failure either way. Seeded, so a failure
	 * is replayed by its seed.
	 */
	@Test
	void editedCapturedEventsReadTheSameWithAndWithoutTheFastPath() {
		List<byte[]> pool = new ArrayList<>();
		for (String path : streams()) {
			pool.addAll(events(SseFixtures.bytes(path)));
		}
		SplittableRandom random = new SplittableRandom(20261208);
		int taken = 0;
		for (int round = 0; round < 20_000; round++) {
			List<byte[]> stream = new ArrayList<>();
			byte[] first = pool.get(random.nextInt(pool.size()));
			stream.add(first);
			stream.add(edit(first, random));
			stream.add(edit(pool.get(random.nextInt(pool.size())), random));
			Outcome fast = assertSameWithAndWithoutTheFastPath(stream);
			taken += fast.chunks.size();
		}
		// most edits leave a readable chunk, so both paths are exercised
		assertThat(taken).isGreaterThan(20_000);
	}

	private static final String[] AWKWARD = { "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "é", "😀", "\\\"", "\\",
			"\\x", "\\u12", "\"", "\t", "01", "-1", "1.5", "1e3", "99999999999999999999", "null", "true", "{}", "[]",
			" ", ",", ":", "}", "]" };

	private static byte[] edit(byte[] event, SplittableRandom random) {
		byte[] edited = event;
		int edits = 1 + random.nextInt(3);
		for (int i = 0; i < edits && edited.length > 0; i++) {
			int at = random.nextInt(edited.length);
			switch (random.nextInt(4)) {
				case 0 -> {
					edited = edited.clone();
					edited[at] = (byte) random.nextInt(256);
				}
				case 1 -> edited = splice(edited, at, at, utf8(AWKWARD[random.nextInt(AWKWARD.length)]));
				case 2 -> edited = splice(edited, at, Math.min(edited.length, at + 1 + random.nextInt(8)), new byte[0]);
				default -> {
					// replace a value: after a colon, up to the next comma or brace
					int colon = indexOf(edited, (byte) ':', at);
					if (colon >= 0) {
						int end = colon + 1;
						while (end < edited.length && edited[end] != ',' && edited[end] != '}') {
							end++;
						}
						String value = AWKWARD[random.nextInt(AWKWARD.length)];
						edited = splice(edited, colon + 1, end,
								utf8(random.nextBoolean() ? "\"" + value + "\"" : value));
					}
				}
			}
		}
		return edited;
	}

	private static Outcome assertSameWithAndWithoutTheFastPath(List<byte[]> events) {
		Outcome jackson = Outcome.oneByOne(new ChunkReader(false), events);
		Outcome fast = Outcome.oneByOne(new ChunkReader(), events);
		Outcome allAtOnce = Outcome.allAtOnce(new ChunkReader(), events);
		String shown = events.stream().map((event) -> new String(event, StandardCharsets.UTF_8)).toList().toString();
		assertThat(fast).as(shown).isEqualTo(jackson);
		assertThat(allAtOnce.chunks).as(shown).isEqualTo(jackson.chunks);
		// one parser for the rest of a read words some failures its own way
		assertThat(kind(allAtOnce.failure)).as(shown).isEqualTo(kind(jackson.failure));
		return fast;
	}

	/** The data of a body's events, without {@code [DONE]}. */
	private static List<byte[]> events(byte[] body) {
		List<byte[]> events = new ArrayList<>();
		SseDecoder decoder = new SseDecoder(SseFixtures.LIMIT);
		SseDecoder.Listener collect = new SseDecoder.Listener() {

			@Override
			public void onEvent(SseEvent event) {
				if (!event.dataEquals("[DONE]") && !"error".equals(event.type())) {
					events.add(Arrays.copyOfRange(event.dataArray(), event.dataOffset(),
							event.dataOffset() + event.dataLength()));
				}
			}

			@Override
			public void onRawBody(byte[] raw) {
				throw new IllegalStateException("not a stream");
			}

		};
		decoder.feed(body, 0, body.length, collect);
		decoder.finish(collect);
		return events;
	}

	private static @Nullable String kind(@Nullable String failure) {
		return (failure != null) ? failure.substring(0, failure.indexOf(':')) : null;
	}

	private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(bytes, 0, from);
		out.writeBytes(insert);
		out.write(bytes, to, bytes.length - to);
		return out.toByteArray();
	}

	private static int indexOf(byte[] bytes, byte b, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == b) {
				return i;
			}
		}
		return -1;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The chunks read and the failure that ended the reading, with its message. */
	private record Outcome(List<ChatCompletionChunk> chunks, @Nullable String failure) {

		static Outcome oneByOne(ChunkReader reader, List<byte[]> events) {
			List<ChatCompletionChunk> chunks = new ArrayList<>();
			for (byte[] event : events) {
				try {
					chunks.add(reader.read(event, 0, event.length));
				}
				catch (ChunkFormatException | StreamErrorEventException ex) {
					return new Outcome(chunks, describe(ex));
				}
			}
			return new Outcome(chunks, null);
		}

		/** The events packed one after the other, each followed by a line feed. */
		static Outcome allAtOnce(ChunkReader reader, List<byte[]> events) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int[] bounds = new int[2 * events.size()];
			for (int i = 0; i < events.size(); i++) {
				bounds[2 * i] = out.size();
				out.writeBytes(events.get(i));
				bounds[2 * i + 1] = out.size();
				out.write('\n');
			}
			List<ChatCompletionChunk> chunks = new ArrayList<>();
			try {
				reader.readAll(out.toByteArray(), bounds, events.size(), chunks::add);
			}
			catch (ChunkFormatException | StreamErrorEventException ex) {
				return new Outcome(chunks, describe(ex));
			}
			return new Outcome(chunks, null);
		}

		private static String describe(RuntimeException ex) {
			return ex.getClass().getSimpleName() + ": " + Objects.toString(ex.getMessage());
		}

	}

}
