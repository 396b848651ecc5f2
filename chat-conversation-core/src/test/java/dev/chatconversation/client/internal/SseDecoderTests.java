package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.client.internal.SseDecoder.EventTooLargeException;
import dev.chatconversation.client.internal.SseFixtures.Decoded;
import dev.chatconversation.client.internal.SseFixtures.Event;
import dev.chatconversation.client.internal.SseFixtures.Feeding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Framing cases for {@link SseDecoder}, from the server-sent events specification,
 * OpenRouter's keep-alive comments and Albert's bare JSON errors (all synthetic). Every
 * case must decode the same whole, one byte at a time and split in two at any offset.
 */
class SseDecoderTests {

	private static final int SMALL_LIMIT = 16;

	static Stream<Arguments> cases() {
		return Stream.of(
				// line ends
				framing("LF line ends", "data: a\n\ndata: b\n\n", Event.data("a"), Event.data("b")),
				framing("CRLF line ends", "data: a\r\n\r\ndata: b\r\n\r\n", Event.data("a"), Event.data("b")),
				framing("lone CR line ends", "data: a\r\rdata: b\r\r", Event.data("a"), Event.data("b")),
				framing("CRLF between data lines is one line end", "data: a\r\ndata: b\r\n\r\n", Event.data("a\nb")),
				framing("mixed line ends", "data: a\rdata: b\ndata: c\r\n\n", Event.data("a\nb\nc")),
				framing("two CRs are two line ends", "data: a\r\rdata: b\n\n", Event.data("a"), Event.data("b")),
				// byte-order mark
				framing("BOM at start", "\uFEFFdata: a\n\n", Event.data("a")),
				framing("BOM before a blank line", "\uFEFF\ndata: a\n\n", Event.data("a")),
				framing("BOM only skipped at start", "\uFEFFdata: a\n\n\uFEFFdata: b\n\n", Event.data("a")),
				// comments
				framing("keep-alive comment before events", ": keep-alive\n\ndata: a\n\n", Event.data("a")),
				framing("OpenRouter comments between events",
						": OPENROUTER PROCESSING\n\ndata: a\n\n: OPENROUTER PROCESSING\n\ndata: b\n\n", Event.data("a"),
						Event.data("b")),
				framing("comment inside an event", "data: a\n: ping\ndata: b\n\n", Event.data("a\nb")),
				framing("comments only", ": ping\n\n:\n\n"),
				// event, id and retry fields
				framing("event type applies to one event", "event: delta\ndata: a\n\ndata: b\n\n",
						Event.of("delta", null, "a"), Event.data("b")),
				framing("id persists across events", "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n",
						Event.of(null, "1", "a"), Event.of(null, "1", "b"), Event.of(null, "2", "c")),
				framing("id with NUL ignored", "id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n", Event.of(null, "1", "a"),
						Event.of(null, "1", "b")),
				framing("id without value clears it", "id: 7\ndata: a\n\nid\ndata: b\n\n", Event.of(null, "7", "a"),
						Event.of(null, "", "b")),
				framing("id of an event without data persists", "id: 9\n\ndata: a\n\n", Event.of(null, "9", "a")),
				framing("retry persists, non-numeric retry ignored",
						"retry: 1500\ndata: a\n\nretry: soon\ndata: b\n\nretry:  20\ndata: c\n\n",
						Event.retry(1500, "a"), Event.retry(1500, "b"), Event.retry(1500, "c")),
				// data lines
				framing("data over two lines joined with LF", "data: {\"a\":\ndata: 1}\n\n", Event.data("{\"a\":\n1}")),
				framing("data without the space", "data:a\n\n", Event.data("a")),
				framing("data with no colon", "data\n\n", Event.data("")),
				framing("two data lines with no colon", "data\ndata\n\n", Event.data("\n")),
				framing("value starting with two spaces keeps one", "data:  a\n\n", Event.data(" a")),
				framing("empty data line", "data:\n\n", Event.data("")),
				framing("data with only the space", "data: \n\n", Event.data("")),
				framing("colon inside the value kept", "data: a: b\n\n", Event.data("a: b")),
				framing("unknown fields ignored", "foo: bar\nDATA: x\nData: y\ndata: a\n\n", Event.data("a")),
				framing("event without data not dispatched", "event: ping\n\ndata: a\n\n", Event.data("a")),
				framing("multi-byte UTF-8 data", "data: caf\u00e9 \u65e5\u672c \uD83D\uDE00\n\n",
						Event.data("caf\u00e9 \u65e5\u672c \uD83D\uDE00")),
				// end of body
				framing("last event without blank line", "data: a\n\ndata: b", Event.data("a"), Event.data("b")),
				framing("last event with one line end", "data: a\n", Event.data("a")),
				framing("last event ended by CR", "data: a\r", Event.data("a")), framing("empty body", ""),
				// bodies that stop being a stream
				arguments("bare JSON error after events (Albert)", "data: a\n\n{\"detail\": \"Upstream failed\"}\n",
						SseFixtures.LIMIT, Decoded.raw("{\"detail\": \"Upstream failed\"}\n", Event.data("a"))),
				arguments("pretty-printed JSON error", "data: a\n\n{\n  \"detail\": \"Internal server error\"\n}\n",
						SseFixtures.LIMIT,
						Decoded.raw("{\n  \"detail\": \"Internal server error\"\n}\n", Event.data("a"))),
				arguments("JSON error with CRLF kept byte for byte", "{\r\n  \"detail\": \"x\"\r\n}", SseFixtures.LIMIT,
						Decoded.raw("{\r\n  \"detail\": \"x\"\r\n}")),
				arguments("JSON array error", "[{\"error\": {\"code\": 400}}]", SseFixtures.LIMIT,
						Decoded.raw("[{\"error\": {\"code\": 400}}]")),
				arguments("JSON error after a BOM", "\uFEFF{\"detail\": \"x\"}\n", SseFixtures.LIMIT,
						Decoded.raw("{\"detail\": \"x\"}\n")),
				// limits
				arguments("data exactly at the limit", "data: 0123456789abcdef\n\n", SMALL_LIMIT,
						Decoded.events(Event.data("0123456789abcdef"))),
				arguments("data line over the limit", "data: a\n\ndata: 0123456789abcdefX\n\n", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class, Event.data("a"))),
				arguments("data lines together over the limit", "data: 01234567\ndata: 01234567\n\n", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class)),
				arguments("huge line without newline", "data: a\n\ndata: 0123456789abcdef0123456789", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class, Event.data("a"))),
				arguments("huge comment line", ": 0123456789abcdef0123456789\ndata: a\n\n", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class)),
				arguments("huge event type", "event: 0123456789abcdef0123456789\ndata: a\n\n", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class)),
				arguments("raw body over the limit", "data: a\n\n{\"detail\": \"0123456789\"}\n", SMALL_LIMIT,
						Decoded.failure(EventTooLargeException.class, Event.data("a"))));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void decodesEachCaseAsExpectedWhenFedWhole(byte[] body, int limit, Decoded expected) {
		assertThat(SseFixtures.decode(body, limit, Feeding.WHOLE)).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("cases")
	void decodesEachCaseTheSameWhenFedOneByteAtATime(byte[] body, int limit, Decoded expected) {
		assertThat(SseFixtures.decode(body, limit, Feeding.ONE_BYTE_AT_A_TIME)).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("cases")
	void decodesEachCaseTheSameWhenSplitInTwoAtAnyOffset(byte[] body, int limit, Decoded expected) {
		for (int offset = 0; offset <= body.length; offset++) {
			assertThat(SseFixtures.decode(body, limit, Feeding.splitAt(offset))).as("split at %d", offset)
				.isEqualTo(expected);
		}
	}

	@Test
	void whenCarriageReturnEndsOneFeedAndLineFeedStartsTheNextThenOneLineEnds() {
		SseDecoder decoder = new SseDecoder(SseFixtures.LIMIT);
		StringBuilder seen = new StringBuilder();
		SseDecoder.Listener listener = (event) -> seen.append('[').append(event.data()).append(']');
		feed(decoder, "data: a\r", listener);
		feed(decoder, "\ndata: b\r", listener);
		feed(decoder, "\n\r", listener);
		feed(decoder, "\n", listener);

		assertThat(seen).hasToString("[a\nb]");
	}

	@Test
	void whenEventIsTooLargeThenExceptionNamesTheLimit() {
		SseDecoder decoder = new SseDecoder(SMALL_LIMIT);

		assertThatExceptionOfType(EventTooLargeException.class)
			.isThrownBy(() -> feed(decoder, "data: 0123456789abcdef0123456789", (event) -> {
			}))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(SMALL_LIMIT))
			.withMessageContaining("16 bytes");
	}

	@Test
	void whenDoneMarkerIsComparedInPlaceThenOnlyTheExactDataMatches() {
		SseDecoder decoder = new SseDecoder(SseFixtures.LIMIT);
		List<Boolean> done = new ArrayList<>();
		feed(decoder, "data: [DONE]\n\ndata: [DONE] \n\ndata: [DONE\n\n",
				(event) -> done.add(event.dataEquals("[DONE]")));

		assertThat(done).containsExactly(true, false, false);
	}

	private static void feed(SseDecoder decoder, String text, SseDecoder.Listener listener) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		decoder.feed(bytes, 0, bytes.length, listener);
	}

	private static Arguments framing(String name, String body, Event... events) {
		return arguments(name, body, SseFixtures.LIMIT, Decoded.events(events));
	}

	private static Arguments arguments(String name, String body, int limit, Decoded expected) {
		return Arguments.argumentSet(name, body.getBytes(StandardCharsets.UTF_8), limit, expected);
	}

}
