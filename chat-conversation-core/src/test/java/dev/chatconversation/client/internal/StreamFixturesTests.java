package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import dev.chatconversation.client.internal.SseFixtures.Decoded;
import dev.chatconversation.client.internal.SseFixtures.Event;
import dev.chatconversation.client.internal.SseFixtures.Feeding;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every captured stream decodes into chunks, and the accumulated reply does not depend on
 * how the body was cut into reads (scenario 1).
 */
class StreamFixturesTests {

	private static final String INCLUDE_USAGE = "openai/stream-text-include-usage.sse";

	static List<String> streams() {
		return SseFixtures.list("", ".sse");
	}

	@ParameterizedTest
	@MethodSource("streams")
	void everyEventOfACapturedStreamIsAChunkOrTheDoneMarker(String path) {
		byte[] body = SseFixtures.bytes(path);
		Decoded decoded = SseFixtures.decode(body, SseFixtures.LIMIT, Feeding.WHOLE);
		ChunkReader reader = new ChunkReader();

		assertThat(decoded.failure()).isNull();
		assertThat(decoded.rawBody()).isNull();
		assertThat(decoded.events()).hasSize(dataLines(body));
		List<String> data = decoded.events().stream().map(Event::data).toList();
		if (data.contains("[DONE]")) {
			assertThat(data.indexOf("[DONE]")).isEqualTo(data.size() - 1);
		}
		for (String chunk : data.subList(0, data.size() - (data.contains("[DONE]") ? 1 : 0))) {
			byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
			assertThatNoException().isThrownBy(() -> reader.read(bytes, 0, bytes.length));
		}
	}

	@ParameterizedTest
	@MethodSource("streams")
	void aCapturedStreamDecodesTheSameWhenFedOneByteAtATime(String path) {
		byte[] body = SseFixtures.bytes(path);

		assertThat(SseFixtures.decode(body, SseFixtures.LIMIT, Feeding.ONE_BYTE_AT_A_TIME))
			.isEqualTo(SseFixtures.decode(body, SseFixtures.LIMIT, Feeding.WHOLE));
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/stream-content-logprobs.sse", "openai/stream-json-object-long.sse",
			"openai/stream-json-schema-n3-choices.sse", "openai/stream-max-tokens-length.sse",
			"openai/stream-refusal.sse", "openai/stream-text-basic.sse", "openai/stream-tool-calls-parallel.sse",
			"anthropic-compat/stream-tool-call-index-starts-at-1.sse" })
	void aByteExactCaptureEndsWithTheDoneMarker(String path) {
		List<Event> events = SseFixtures.decode(SseFixtures.bytes(path), SseFixtures.LIMIT, Feeding.WHOLE).events();

		assertThat(events).last().isEqualTo(Event.data("[DONE]"));
	}

	@Test
	void includeUsageStreamAccumulatesTextFinishReasonAndUsage() {
		byte[] body = SseFixtures.bytes(INCLUDE_USAGE);
		ChatCompletion completion = SseFixtures.accumulate(body).toCompletion();

		assertThat(completion.text()).isEqualTo(SseFixtures.concatenated(body, "content")).startsWith("**Holiday");
		assertThat(completion.firstChoice().finishReason()).isEqualTo("stop");
		Usage usage = completion.usage();
		assertThat(usage).isNotNull();
		assertThat(usage.promptTokens()).isEqualTo(16);
		assertThat(usage.completionTokens()).isEqualTo(300);
		assertThat(usage.totalTokens()).isEqualTo(316);
	}

	@Test
	void includeUsageStreamAccumulatesTheSameWhenFedOneByteAtATime() {
		byte[] body = SseFixtures.bytes(INCLUDE_USAGE);

		assertThat(SseFixtures.accumulate(body, Feeding.ONE_BYTE_AT_A_TIME).toCompletion())
			.isEqualTo(SseFixtures.accumulate(body).toCompletion());
	}

	/**
	 * Accumulating the 100 KB capture at each of its offsets would take about a minute,
	 * so every offset is checked at the decoder (each event's bytes identical to the
	 * reference, which makes the accumulated reply identical), and the whole pipeline is
	 * run at both sides of every line end (the capture has one data line per event) and
	 * within three bytes of a non-ASCII byte.
	 */
	@Test
	void includeUsageStreamDecodesIdenticalEventsWhenSplitInTwoAtEveryOffset() {
		byte[] body = SseFixtures.bytes(INCLUDE_USAGE);
		List<byte[]> expected = SseFixtures.decode(body, SseFixtures.LIMIT, Feeding.WHOLE)
			.events()
			.stream()
			.map((event) -> event.data().getBytes(StandardCharsets.UTF_8))
			.toList();
		List<Integer> mismatches = new ArrayList<>();
		for (int offset = 0; offset <= body.length; offset++) {
			SseDecoder decoder = new SseDecoder(SseFixtures.LIMIT);
			SameEvents listener = new SameEvents(expected);
			decoder.feed(body, 0, offset, listener);
			decoder.feed(body, offset, body.length - offset, listener);
			decoder.finish(listener);
			if (!listener.allSame()) {
				mismatches.add(offset);
			}
		}

		assertThat(mismatches).isEmpty();
	}

	@Test
	void includeUsageStreamAccumulatesTheSameWhenSplitNearLineEndsAndMultiByteCharacters() {
		byte[] body = SseFixtures.bytes(INCLUDE_USAGE);
		ChatCompletion reference = SseFixtures.accumulate(body).toCompletion();
		TreeSet<Integer> offsets = new TreeSet<>();
		for (int i = 0; i < body.length; i++) {
			if (body[i] == '\n') {
				addAround(offsets, i, 0, body.length);
			}
			else if (body[i] < 0) {
				addAround(offsets, i, 3, body.length);
			}
		}

		assertThat(offsets).hasSizeGreaterThan(900);
		for (int offset : offsets) {
			assertThat(SseFixtures.accumulate(body, Feeding.splitAt(offset)).toCompletion()).as("split at %d", offset)
				.isEqualTo(reference);
		}
	}

	/**
	 * Synthetic: two- three- and four-byte UTF-8 characters (é, 日, an emoji) cut between
	 * reads at every offset.
	 */
	@Test
	void syntheticMultiByteCharactersSplitBetweenReadsAccumulateUnchanged() {
		byte[] body = SseFixtures.sse(SseFixtures.chunk("{\"role\":\"assistant\",\"content\":\"\"}"),
				SseFixtures.chunk("{\"content\":\"Caf\u00e9 \"}"), SseFixtures.chunk("{\"content\":\"\u65e5\u672c\"}"),
				SseFixtures.chunk("{\"content\":\" \uD83D\uDE00\"}"), SseFixtures.chunk("{}", "stop"), "[DONE]");
		String expected = "Caf\u00e9 \u65e5\u672c \uD83D\uDE00";

		assertThat(SseFixtures.accumulate(body, Feeding.ONE_BYTE_AT_A_TIME).toCompletion().text()).isEqualTo(expected);
		for (int offset = 0; offset <= body.length; offset++) {
			assertThat(SseFixtures.accumulate(body, Feeding.splitAt(offset)).toCompletion().text())
				.as("split at %d", offset)
				.isEqualTo(expected);
		}
	}

	private static void addAround(TreeSet<Integer> offsets, int position, int distance, int length) {
		for (int offset = position - distance; offset <= position + distance + 1; offset++) {
			if (offset >= 0 && offset <= length) {
				offsets.add(offset);
			}
		}
	}

	private static int dataLines(byte[] body) {
		int lines = 0;
		for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
			if (line.startsWith("data:")) {
				lines++;
			}
		}
		return lines;
	}

	/**
	 * Compares each event's bytes with the reference in place, so that checking every
	 * offset allocates nothing.
	 */
	private static final class SameEvents implements SseDecoder.Listener {

		private final List<byte[]> expected;

		private int seen;

		private boolean same = true;

		SameEvents(List<byte[]> expected) {
			this.expected = expected;
		}

		@Override
		public void onEvent(SseEvent event) {
			if (this.seen >= this.expected.size()) {
				this.same = false;
				return;
			}
			byte[] reference = this.expected.get(this.seen++);
			this.same &= Arrays.equals(event.dataArray(), event.dataOffset(), event.dataOffset() + event.dataLength(),
					reference, 0, reference.length);
		}

		@Override
		public void onRawBody(byte[] body) {
			this.same = false;
		}

		boolean allSame() {
			return this.same && this.seen == this.expected.size();
		}

	}

}
