package dev.chatconversation.client;

import java.net.URI;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionChunk;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * The client's decoding of one response body ({@link ChunkStream}: network buffers to
 * chunks), opened to the benchmarks, which live in another package, so that they measure
 * the code the client runs rather than a copy of it. A test source of the client's
 * package (built only with {@code -Pbenchmarks}), never part of the library jar.
 */
public final class BodyDecoding {

	private static final ChatExceptions EXCEPTIONS = new ChatExceptions(new SecretRedactor(null),
			URI.create("http://127.0.0.1/v1/chat/completions"), null);

	private final ChunkStream stream;

	/**
	 * Decoding state for one body.
	 * @param maxEventSize the largest event accepted, in bytes
	 */
	public BodyDecoding(int maxEventSize) {
		this.stream = new ChunkStream(maxEventSize, EXCEPTIONS, null);
	}

	/**
	 * Decodes and releases one network buffer.
	 * @param buffer the buffer
	 * @param sink receives the chunks
	 */
	public void decode(DataBuffer buffer, Consumer<ChatCompletionChunk> sink) {
		this.stream.decode(buffer, sink);
		failIfFailed();
	}

	/**
	 * Ends the body.
	 * @param sink receives a last chunk, if any
	 */
	public void finish(Consumer<ChatCompletionChunk> sink) {
		this.stream.finish(sink);
		failIfFailed();
	}

	private void failIfFailed() {
		RuntimeException failure = this.stream.failure();
		if (failure != null) {
			throw failure;
		}
	}

}
