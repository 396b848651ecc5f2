package dev.chatconversation.soak;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Reply;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The bytes the soak server writes. Every piece of reply text names its turn, so a piece
 * that reached the wrong turn or conversation shows in the history check. Synthetic, in
 * the shapes of {@code openai/stream-text-basic.sse} and
 * {@code openai/error-429-rate-limit-tokens-legacy.json}.
 */
final class SoakWire {

	/** How many pieces a whole reply has. */
	static final int PIECES = 4;

	/** Requests per turn when every retry is spent: the first and the two retries. */
	static final int ATTEMPTS = 3;

	/** Any number, as many as happened. */
	static final int SOME = -1;

	static final String ERROR_EVENT = "data: {\"error\":{\"message\":\"The server had an error\","
			+ "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";

	/** Albert's way: a bare JSON error in place of the rest of the event stream. */
	static final String BARE_ERROR = "{\"error\":{\"message\":\"Upstream model failed\",\"type\":\"server_error\"}}\n";

	private static final String DONE = "data: [DONE]\n\n";

	private SoakWire() {
	}

	/** Piece {@code k} of turn {@code id}'s reply. */
	static String piece(int id, long k) {
		return "t" + id + "." + k + " ";
	}

	/** The first {@code count} pieces of turn {@code id}'s reply, as one text. */
	static String text(int id, int count) {
		return IntStream.range(0, count).mapToObj((k) -> piece(id, k)).collect(Collectors.joining());
	}

	/** The first {@code count} pieces as stream events. */
	static Flux<String> pieces(int id, int count) {
		return Flux.range(0, count).map((k) -> event(piece(id, k), null));
	}

	/**
	 * Pieces every {@code period}, for ever; a tick the connection cannot take yet (a
	 * busy machine, a client that has stopped reading) is skipped, not an error.
	 */
	static Flux<String> slowPieces(int id, Duration period) {
		return Flux.interval(Duration.ZERO, period)
			.onBackpressureDrop()
			.index()
			.map((tick) -> event(piece(id, tick.getT1()), null));
	}

	/** A whole stream: every piece, a finish reason and {@code [DONE]}. */
	static Reply complete(int id) {
		return FakeChatServer.stream(Flux.concat(pieces(id, PIECES), Flux.just(event("", "stop"), DONE)));
	}

	/** A whole non-streamed completion. */
	static Reply completion(int id) {
		return FakeChatServer.json(200, FakeChatServer.completion(text(id, PIECES)));
	}

	/**
	 * An error status that asks for a retry in 2 ms ({@code retry-after-ms} is read
	 * before {@code retry-after}, which says 1 s).
	 */
	static Reply status(int status) {
		String body = "{\"error\":{\"message\":\"Rate limit reached, please try again\",\"type\":\"requests\","
				+ "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
		return FakeChatServer.json(status, body, "retry-after", "1", "retry-after-ms", "2");
	}

	private static String event(String content, @Nullable String finishReason) {
		String reason = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "data: {\"id\":\"chatcmpl-soak\",\"object\":\"chat.completion.chunk\",\"created\":1727346168,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
				+ "\"},\"finish_reason\":" + reason + "}]}\n\n";
	}

}
