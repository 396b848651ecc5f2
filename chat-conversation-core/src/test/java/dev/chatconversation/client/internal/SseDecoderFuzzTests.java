package dev.chatconversation.client.internal;

import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatconversation.client.internal.SseFixtures.Decoded;
import dev.chatconversation.client.internal.SseFixtures.Feeding;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the event-stream decoder with bodies cut at fuzzer-chosen places (issue 16): the
 * pieces decode to exactly the events, raw body and failure of the whole body, and the
 * only failure is {@link SseDecoder.EventTooLargeException}. Each piece is fed from one
 * array that is overwritten after every feed, so a decoder that kept a reference to a
 * caller's bytes past {@code feed} would report damaged data. Regression mode replays
 * {@code SseDecoderFuzzTestsInputs/}; {@code -Pfuzz} fuzzes.
 */
class SseDecoderFuzzTests {

	private static final int MAX_CUTS = 32;

	@FuzzTest(maxDuration = "3m")
	void aBodyCutAnywhereDecodesToTheSameEventsAsTheWholeBody(FuzzedDataProvider data) {
		int limit = data.consumeBoolean() ? data.consumeInt(1, 512) : SseFixtures.LIMIT;
		int[] cuts = new int[data.consumeInt(0, MAX_CUTS)];
		for (int i = 0; i < cuts.length; i++) {
			cuts[i] = data.consumeInt();
		}
		byte[] body = data.consumeRemainingAsBytes();

		Decoded whole = SseFixtures.decode(body, limit, Feeding.WHOLE);
		Decoded pieces = SseFixtures.decode(body, limit, cutAt(cuts));

		assertThat(whole.failure()).isIn(null, SseDecoder.EventTooLargeException.class);
		assertThat(pieces).isEqualTo(whole);
	}

	/**
	 * Feeds the body in pieces that end at the given places (taken modulo the body's
	 * length), each copied into the same scratch array, which is spoilt after the feed.
	 */
	private static Feeding cutAt(int[] cuts) {
		return (decoder, body, listener) -> {
			int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
			for (int i = 0; i < cuts.length; i++) {
				ends[i] = Math.floorMod(cuts[i], body.length + 1);
			}
			ends[cuts.length] = body.length;
			Arrays.sort(ends);
			byte[] scratch = new byte[body.length + 1];
			int start = 0;
			for (int end : ends) {
				int length = end - start;
				// the piece sits at the end of the scratch array so that reading past it
				// fails
				int offset = scratch.length - length;
				System.arraycopy(body, start, scratch, offset, length);
				decoder.feed(scratch, offset, length, listener);
				Arrays.fill(scratch, (byte) '#');
				start = end;
			}
		};
	}

}
