package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChunkReader;
import dev.chatconversation.client.stream.SseDecoder;
import dev.chatconversation.client.stream.SseEvent;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Turns one response body into chunks: SSE decoding, chunk reading, {@code [DONE]}, error
 * events, a body that stops being a stream, and an end without {@code [DONE]} or finish
 * reason, which is a truncation and fails.
 *
 * <p>
 * The body is decoded once, from bytes: each network buffer is copied into a reusable
 * array and released at once, and events are parsed from the decoder's own buffer.
 */
final class ChunkStream implements SseDecoder.Listener {

	// ends the chunk flux: after [DONE], or after the last good chunk when the stream
	// failed
	private static final ChatCompletionChunk END = new ChatCompletionChunk(null, null, null, null, List.of(), null,
			null, null, Map.of());

	private final SseDecoder decoder;

	private final ChunkReader reader = new ChunkReader();

	private final StreamWatchdog watchdog;

	private final ChatExceptions exceptions;

	private final @Nullable String requestId;

	// reused: flatMapIterable drains one buffer's chunks before it asks for the next
	// buffer
	private final List<ChatCompletionChunk> decoded = new ArrayList<>(8);

	private byte[] scratch = new byte[8192];

	private boolean ended;

	private boolean finishSeen;

	private @Nullable RuntimeException failure;

	private ChunkStream(int maxEventSize, StreamWatchdog watchdog, ChatExceptions exceptions,
			@Nullable String requestId) {
		this.decoder = new SseDecoder(maxEventSize);
		this.watchdog = watchdog;
		this.exceptions = exceptions;
		this.requestId = requestId;
	}

	/**
	 * Decodes a body. Chunks decoded before a failure in the same network buffer are
	 * delivered before the failure, so a partial reply is never lost; the body is
	 * cancelled (and the connection closed) as soon as the stream ends or fails, even if
	 * the server keeps it open.
	 */
	static Flux<ChatCompletionChunk> decode(Flux<DataBuffer> body, int maxEventSize, StreamWatchdog watchdog,
			ChatExceptions exceptions, @Nullable String requestId) {
		ChunkStream stream = new ChunkStream(maxEventSize, watchdog, exceptions, requestId);
		return body.flatMapIterable(stream::decode)
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.concatWith(Flux.defer(stream::finish))
			.takeWhile((chunk) -> chunk != END)
			.concatWith(Flux.defer(stream::failure));
	}

	private List<ChatCompletionChunk> decode(DataBuffer buffer) {
		this.decoded.clear();
		try {
			int length = buffer.readableByteCount();
			if (this.ended || length == 0) {
				return this.decoded;
			}
			if (length > this.scratch.length) {
				this.scratch = new byte[Math.max(length, this.scratch.length * 2)];
			}
			buffer.read(this.scratch, 0, length);
			this.decoder.feed(this.scratch, 0, length, this);
		}
		catch (RuntimeException ex) {
			end(ex);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
		return this.decoded;
	}

	private Flux<ChatCompletionChunk> finish() {
		this.decoded.clear();
		if (!this.ended) {
			try {
				this.decoder.finish(this);
			}
			catch (RuntimeException ex) {
				end(ex);
			}
			if (!this.ended && !this.finishSeen) {
				end(this.exceptions.truncated(this.requestId));
			}
		}
		return Flux.fromIterable(List.copyOf(this.decoded));
	}

	private Flux<ChatCompletionChunk> failure() {
		return (this.failure != null) ? Flux.error(this.failure) : Flux.empty();
	}

	private void end(@Nullable RuntimeException failure) {
		if (!this.ended) {
			this.ended = true;
			this.failure = failure;
			this.decoded.add(END);
		}
	}

	@Override
	public void onEvent(SseEvent event) {
		if (this.ended) {
			return;
		}
		this.watchdog.progress();
		if (event.dataEquals("[DONE]")) {
			end(null);
			return;
		}
		if ("error".equals(event.type())) {
			throw this.exceptions.fromErrorEvent(event.data().getBytes(StandardCharsets.UTF_8), this.requestId);
		}
		ChatCompletionChunk chunk = this.reader.read(event.dataArray(), event.dataOffset(), event.dataLength());
		if (!this.finishSeen) {
			for (ChatCompletionChunk.ChunkChoice choice : chunk.choices()) {
				if (choice.finishReason() != null) {
					this.finishSeen = true;
				}
			}
		}
		this.decoded.add(chunk);
	}

	@Override
	public void onRawBody(byte[] body) {
		throw this.exceptions.fromRawStreamBody(body, this.requestId);
	}

}
