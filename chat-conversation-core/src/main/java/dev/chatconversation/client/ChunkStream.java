package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.internal.ChunkReader;
import dev.chatconversation.client.internal.SseDecoder;
import dev.chatconversation.client.internal.SseEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The decoding state of one response body: SSE decoding, chunk reading, {@code [DONE]},
 * error events, a body that stops being a stream, and an end without {@code [DONE]} or
 * finish reason, which is a truncation and fails.
 *
 * <p>
 * Each network buffer is copied into a per-thread array ({@link ReadScratch}) and
 * released at once. The data of the events that lie whole in that array are moved to its
 * front, one after the other (the decoder never reads back, and every event's
 * {@code data:} prefix and blank line leave room), and read with one parser per network
 * buffer; events that span reads are read from the decoder's own buffer. The stream ends
 * at {@code [DONE]} or at its first failure, after which further bytes are ignored.
 * {@link ChunkFlux} drives it.
 */
final class ChunkStream implements SseDecoder.Listener {

	private final SseDecoder decoder;

	private final ChunkReader reader = new ChunkReader();

	private final ChatExceptions exceptions;

	private final @Nullable String requestId;

	private final Consumer<ChatCompletionChunk> delivery = this::deliver;

	private @Nullable Consumer<ChatCompletionChunk> sink;

	// the array being decoded, its packed event data and their bounds
	private byte @Nullable [] feeding;

	private int packedEnd;

	private int packedCount;

	private int firstStart;

	private int firstEnd;

	// allocated for a second event in one read: a stream fed an event at a time has none
	private int @Nullable [] bounds;

	private boolean ended;

	private boolean finishSeen;

	private boolean sawEvent;

	private @Nullable RuntimeException failure;

	ChunkStream(int maxEventSize, ChatExceptions exceptions, @Nullable String requestId) {
		this.decoder = new SseDecoder(maxEventSize);
		this.exceptions = exceptions;
		this.requestId = requestId;
	}

	/**
	 * Decodes one network buffer and releases it.
	 * @param buffer the buffer
	 * @param sink receives the chunks, in order
	 * @return whether the buffer held a stream event
	 */
	boolean decode(DataBuffer buffer, Consumer<ChatCompletionChunk> sink) {
		int length = buffer.readableByteCount();
		if (this.ended || length == 0) {
			DataBufferUtils.release(buffer);
			return false;
		}
		this.sink = sink;
		this.sawEvent = false;
		byte[] bytes = ReadScratch.borrow(length);
		this.feeding = bytes;
		try {
			try {
				buffer.read(bytes, 0, length);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
			feed(bytes, length);
		}
		finally {
			this.feeding = null;
			this.packedCount = 0;
			this.packedEnd = 0;
			ReadScratch.giveBack(bytes);
			this.sink = null;
		}
		return this.sawEvent;
	}

	private void feed(byte[] bytes, int length) {
		RuntimeException failure = null;
		try {
			this.decoder.feed(bytes, 0, length, this);
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		try {
			// the events before a failure come first
			flush();
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		if (failure != null) {
			fail(failure);
		}
	}

	/**
	 * Ends the body: a last event without its blank line is delivered, and a stream that
	 * ended without {@code [DONE]} or a finish reason fails as truncated.
	 * @param sink receives the last chunk, if any
	 */
	void finish(Consumer<ChatCompletionChunk> sink) {
		if (this.ended) {
			return;
		}
		this.sink = sink;
		try {
			this.decoder.finish(this);
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
		finally {
			this.sink = null;
		}
		if (!this.ended && !this.finishSeen) {
			fail(this.exceptions.truncated(this.requestId));
		}
		this.ended = true;
	}

	/**
	 * Ends the stream with a failure, unless it has already ended.
	 * @param failure the failure
	 */
	void fail(RuntimeException failure) {
		if (!this.ended) {
			this.ended = true;
			this.failure = failure;
		}
	}

	boolean ended() {
		return this.ended;
	}

	@Nullable RuntimeException failure() {
		return this.failure;
	}

	@Override
	public void onEvent(SseEvent event) {
		if (this.ended) {
			return;
		}
		this.sawEvent = true;
		boolean done = event.dataEquals("[DONE]");
		boolean error = "error".equals(event.type());
		if (!done && !error && event.dataArray() == this.feeding) {
			pack(event);
			return;
		}
		flush();
		if (done) {
			this.ended = true;
		}
		else if (error) {
			throw this.exceptions.fromErrorEvent(event.data().getBytes(StandardCharsets.UTF_8), this.requestId);
		}
		else {
			deliver(this.reader.read(event.dataArray(), event.dataOffset(), event.dataLength()));
		}
	}

	/** Moves an event's data to the end of the packed data, followed by a line feed. */
	private void pack(SseEvent event) {
		byte[] bytes = event.dataArray();
		int length = event.dataLength();
		int start = this.packedEnd;
		System.arraycopy(bytes, event.dataOffset(), bytes, start, length);
		bytes[start + length] = '\n';
		this.packedEnd = start + length + 1;
		if (this.packedCount == 0) {
			this.firstStart = start;
			this.firstEnd = start + length;
		}
		else {
			int[] bounds = this.bounds;
			if (bounds == null || bounds.length < 2 * this.packedCount + 2) {
				bounds = (bounds != null) ? Arrays.copyOf(bounds, bounds.length * 2) : new int[64];
				this.bounds = bounds;
			}
			bounds[0] = this.firstStart;
			bounds[1] = this.firstEnd;
			bounds[2 * this.packedCount] = start;
			bounds[2 * this.packedCount + 1] = start + length;
		}
		this.packedCount++;
	}

	/** Reads the packed events. */
	private void flush() {
		int count = this.packedCount;
		byte[] bytes = this.feeding;
		if (count == 0 || bytes == null) {
			return;
		}
		this.packedCount = 0;
		this.packedEnd = 0;
		if (count == 1 || this.bounds == null) {
			deliver(this.reader.read(bytes, this.firstStart, this.firstEnd - this.firstStart));
		}
		else {
			this.reader.readAll(bytes, this.bounds, count, this.delivery);
		}
	}

	private void deliver(ChatCompletionChunk chunk) {
		if (!this.finishSeen) {
			List<ChatCompletionChunk.ChunkChoice> choices = chunk.choices();
			for (int i = 0; i < choices.size(); i++) {
				if (choices.get(i).finishReason() != null) {
					this.finishSeen = true;
				}
			}
		}
		if (this.sink != null) {
			this.sink.accept(chunk);
		}
	}

	@Override
	public void onRawBody(byte[] body) {
		throw this.exceptions.fromRawStreamBody(body, this.requestId);
	}

}
