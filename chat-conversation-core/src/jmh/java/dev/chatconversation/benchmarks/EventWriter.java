package dev.chatconversation.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Writes one stream of {@link NettyChatServer}, one HTTP chunk per event, on the
 * connection's event loop: as fast as the socket takes them (pausing while the channel is
 * not writable), or paced with the stream's delay, waiting at its hold point for the
 * gate.
 */
final class EventWriter {

	private final ChannelHandlerContext context;

	private final ServerEvents events;

	private final StreamSpec spec;

	private final Function<String, CompletableFuture<Void>> gates;

	private final int count;

	private int next;

	EventWriter(ChannelHandlerContext context, ServerEvents events, StreamSpec spec,
			Function<String, CompletableFuture<Void>> gates) {
		this.context = context;
		this.events = events;
		this.spec = spec;
		this.gates = gates;
		this.count = ServerEvents.count(spec);
	}

	void start() {
		if (this.spec.delayMillis() > 0) {
			step();
		}
		else {
			resume();
		}
	}

	/** Writes events at once while the channel is writable; paced streams ignore it. */
	void resume() {
		if (this.spec.delayMillis() > 0 || this.next >= this.count) {
			return;
		}
		while (this.next < this.count && this.context.channel().isWritable()) {
			write();
		}
		if (this.next == this.count) {
			this.context.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
		}
		else {
			this.context.flush();
		}
	}

	/** Writes the next event of a paced stream and plans the one after. */
	private void step() {
		if (!this.context.channel().isActive()) {
			return;
		}
		write();
		if (this.next == this.count) {
			this.context.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
			return;
		}
		this.context.flush();
		if (this.next == this.spec.holdAt() && this.spec.holdAt() > 1 && this.next <= this.spec.deltas()) {
			this.gates.apply(this.spec.gate()).thenRun(() -> this.context.executor().execute(this::delayed));
		}
		else if (ServerEvents.pausedBefore(this.spec, this.next)) {
			delayed();
		}
		else {
			step();
		}
	}

	private void delayed() {
		this.context.executor().schedule(this::step, this.spec.delayMillis(), TimeUnit.MILLISECONDS);
	}

	private void write() {
		this.context.write(new DefaultHttpContent(this.events.event(this.spec, this.next++)));
	}

}
