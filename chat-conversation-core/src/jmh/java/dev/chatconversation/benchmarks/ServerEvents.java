package dev.chatconversation.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The pre-encoded events of {@link OpenAiStream} in shared direct buffers, and the event
 * at each position of a stream: role chunk, content chunks, finish chunk, usage chunk,
 * then {@code [DONE]}.
 */
final class ServerEvents {

	private final ByteBuf role = shared(OpenAiStream.roleEvent());

	private final ByteBuf[] contents = new ByteBuf[OpenAiStream.PIECES];

	private final ByteBuf finish = shared(OpenAiStream.finishEvent("stop"));

	private final ByteBuf usage = shared(OpenAiStream.usageEvent());

	private final ByteBuf done = shared(OpenAiStream.doneEvent());

	ServerEvents() {
		for (int i = 0; i < OpenAiStream.PIECES; i++) {
			this.contents[i] = shared(OpenAiStream.contentEvent(i));
		}
	}

	/**
	 * How many events a stream has, {@code [DONE]} included.
	 * @param spec the stream
	 * @return the event count
	 */
	static int count(StreamSpec spec) {
		return spec.dataLines();
	}

	/**
	 * Whether the server pauses before the event at this position of a paced stream:
	 * before each content chunk and the finish chunk, as {@link FakeChatServer} does.
	 * @param spec the stream
	 * @param index the event's position
	 * @return whether to pause
	 */
	static boolean pausedBefore(StreamSpec spec, int index) {
		return index >= 1 && index <= spec.deltas() + 1;
	}

	/**
	 * The event at a position of a stream, as a view of a buffer that is never released.
	 * @param spec the stream
	 * @param index the position, from 0
	 * @return the event bytes
	 */
	ByteBuf event(StreamSpec spec, int index) {
		int deltas = spec.deltas();
		if (index == 0) {
			return this.role.duplicate();
		}
		if (index <= deltas) {
			return this.contents[(index - 1) % OpenAiStream.PIECES].duplicate();
		}
		if (index == deltas + 1) {
			return this.finish.duplicate();
		}
		return (index == deltas + 2) ? this.usage.duplicate() : this.done.duplicate();
	}

	static ByteBuf shared(byte[] bytes) {
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
	}

}
