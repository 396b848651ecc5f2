package dev.chatconversation.client.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatconversation.client.model.ChatCompletionChunk;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the chunk reader (issue 16): every line of the input is one event's data, read
 * one event at a time ({@link ChunkReader#read}) and all at once with one parser
 * ({@link ChunkReader#readAll}). Both give the same chunks and stop at the same event
 * with the same documented failure, {@link ChunkFormatException} or
 * {@link StreamErrorEventException}, as a reader that never takes the fast path
 * ({@link ChunkScanner}) and reads every event with Jackson; any other exception is a
 * finding. Regression mode replays {@code ChunkReaderFuzzTestsInputs/}; {@code -Pfuzz}
 * fuzzes.
 */
class ChunkReaderFuzzTests {

	@FuzzTest(maxDuration = "3m")
	void eventsReadOneByOneOrAllAtOnceGiveTheSameChunksOrTheSameDocumentedFailure(byte[] input) {
		// every event is followed by a line feed, as readAll requires white space after
		byte[] data = Arrays.copyOf(input, input.length + 1);
		data[input.length] = '\n';
		int[] bounds = eventBounds(data);
		int count = bounds.length / 2;

		Read oneByOne = new Read();
		ChunkReader single = new ChunkReader();
		for (int i = 0; i < count && oneByOne.failure == null; i++) {
			int start = bounds[2 * i];
			int length = bounds[2 * i + 1] - start;
			oneByOne.run(() -> oneByOne.chunks.add(single.read(data, start, length)));
		}
		Read allAtOnce = new Read();
		allAtOnce.run(() -> new ChunkReader().readAll(data, bounds, count, allAtOnce.chunks::add));
		Read jacksonOnly = new Read();
		ChunkReader parsing = new ChunkReader(false);
		for (int i = 0; i < count && jacksonOnly.failure == null; i++) {
			int start = bounds[2 * i];
			int length = bounds[2 * i + 1] - start;
			jacksonOnly.run(() -> jacksonOnly.chunks.add(parsing.read(data, start, length)));
		}

		assertThat(allAtOnce.chunks).isEqualTo(oneByOne.chunks);
		assertThat(allAtOnce.failure).isEqualTo(oneByOne.failure);
		// the fast path reads what it takes as Jackson does, and declines the rest
		assertThat(oneByOne.chunks).isEqualTo(jacksonOnly.chunks);
		assertThat(oneByOne.failure).isEqualTo(jacksonOnly.failure);
	}

	/** Where each line starts and where its line feed is. */
	private static int[] eventBounds(byte[] data) {
		int[] bounds = new int[16];
		int count = 0;
		int start = 0;
		for (int i = 0; i < data.length; i++) {
			if (data[i] == '\n') {
				if (2 * count + 2 > bounds.length) {
					bounds = Arrays.copyOf(bounds, bounds.length * 2);
				}
				bounds[2 * count] = start;
				bounds[2 * count + 1] = i;
				count++;
				start = i + 1;
			}
		}
		return Arrays.copyOf(bounds, 2 * count);
	}

	/** The chunks read and the documented failure that ended the reading, if any. */
	private static final class Read {

		private final List<ChatCompletionChunk> chunks = new ArrayList<>();

		private @Nullable Class<? extends RuntimeException> failure;

		void run(Runnable reading) {
			try {
				reading.run();
			}
			catch (ChunkFormatException | StreamErrorEventException ex) {
				this.failure = ex.getClass();
			}
		}

	}

}
