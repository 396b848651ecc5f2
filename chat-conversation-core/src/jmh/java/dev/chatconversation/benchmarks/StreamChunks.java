package dev.chatconversation.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.internal.ChunkReader;
import dev.chatconversation.client.internal.SseDecoder;
import dev.chatconversation.client.internal.SseEvent;

/**
 * One OpenAI-shaped stream prepared for the JMH benchmarks: its body cut into network
 * reads, each event's data, and the chunks read from them.
 */
final class StreamChunks {

	/** The chunks in one benchmarked stream. */
	static final int CHUNKS = 1000;

	/** The size of one network read, as Reactor Netty hands them over on loopback. */
	static final int READ_SIZE = 8192;

	static final int MAX_EVENT_SIZE = 16 * 1024 * 1024;

	final byte[][] reads;

	final byte[][] eventData;

	final List<ChatCompletionChunk> chunks;

	StreamChunks(String shape) {
		byte[] body = shape.equals("tool_calls") ? OpenAiStream.toolCallStream(CHUNKS)
				: OpenAiStream.textStream(CHUNKS);
		this.reads = split(body, READ_SIZE);
		List<byte[]> data = new ArrayList<>(CHUNKS + 1);
		SseDecoder decoder = new SseDecoder(MAX_EVENT_SIZE);
		SseDecoder.Listener collect = (event) -> {
			if (!event.dataEquals("[DONE]")) {
				data.add(copy(event));
			}
		};
		for (byte[] read : this.reads) {
			decoder.feed(read, 0, read.length, collect);
		}
		decoder.finish(collect);
		this.eventData = data.toArray(new byte[0][]);
		ChunkReader reader = new ChunkReader();
		List<ChatCompletionChunk> read = new ArrayList<>(this.eventData.length);
		for (byte[] event : this.eventData) {
			read.add(reader.read(event, 0, event.length));
		}
		this.chunks = List.copyOf(read);
		if (this.chunks.size() != CHUNKS) {
			throw new IllegalStateException("Expected " + CHUNKS + " chunks but read " + this.chunks.size());
		}
	}

	private static byte[] copy(SseEvent event) {
		return Arrays.copyOfRange(event.dataArray(), event.dataOffset(), event.dataOffset() + event.dataLength());
	}

	private static byte[][] split(byte[] body, int size) {
		byte[][] parts = new byte[(body.length + size - 1) / size][];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = Arrays.copyOfRange(body, i * size, Math.min(body.length, (i + 1) * size));
		}
		return parts;
	}

}
