package dev.chatconversation.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionChunk;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * The chunks of one response body. One operator does what a chain of them did (and paid
 * for on every chunk): one network buffer is requested at a time and decoded when the
 * previous one's chunks are delivered, so backpressure reaches the connection; chunks go
 * to the subscriber as they are read.
 *
 * <p>
 * After {@code [DONE]} the rest of the body is read and dropped until the response ends,
 * so that the connection goes back to the pool instead of being closed; a server that
 * keeps the response open after {@code [DONE]} gets a short grace, then the body is
 * cancelled, which closes the connection. A failure (an error event, a malformed chunk,
 * an end without {@code [DONE]}) cancels the body at once, which closes the connection,
 * after the chunks read before it are delivered.
 */
final class ChunkFlux extends Flux<ChatCompletionChunk> {

	/** How long a response may stay open after {@code [DONE]}. */
	static final Duration DONE_GRACE = Duration.ofMillis(200);

	private final Flux<DataBuffer> body;

	private final int maxEventSize;

	private final StreamWatchdog watchdog;

	private final ChatExceptions exceptions;

	private final @Nullable String requestId;

	ChunkFlux(Flux<DataBuffer> body, int maxEventSize, StreamWatchdog watchdog, ChatExceptions exceptions,
			@Nullable String requestId) {
		this.body = body;
		this.maxEventSize = maxEventSize;
		this.watchdog = watchdog;
		this.exceptions = exceptions;
		this.requestId = requestId;
	}

	@Override
	public void subscribe(CoreSubscriber<? super ChatCompletionChunk> actual) {
		ChunkStream stream = new ChunkStream(this.maxEventSize, this.exceptions, this.requestId);
		Decoding decoding = new Decoding(actual, this, stream);
		this.watchdog.reading(decoding);
		this.body.subscribe(decoding);
	}

	/**
	 * The subscriber to the body and subscription of the chunk subscriber. Every step
	 * runs in {@link #drain()}, which one thread at a time enters, so the decoding state
	 * needs no locks; signals from other threads only set a field and drain.
	 */
	private static final class Decoding
			implements CoreSubscriber<DataBuffer>, Subscription, Consumer<ChatCompletionChunk>, StreamWatchdog.Reader {

		private static final AtomicIntegerFieldUpdater<Decoding> WIP = AtomicIntegerFieldUpdater
			.newUpdater(Decoding.class, "wip");

		private static final AtomicLongFieldUpdater<Decoding> REQUESTED = AtomicLongFieldUpdater
			.newUpdater(Decoding.class, "requested");

		private final CoreSubscriber<? super ChatCompletionChunk> actual;

		private final ChunkFlux parent;

		private final ChunkStream stream;

		private @Nullable Subscription upstream;

		private volatile int wip;

		private volatile long requested;

		private volatile @Nullable DataBuffer pending;

		private volatile boolean done;

		private @Nullable Throwable error;

		private volatile boolean cancelled;

		private volatile boolean discarding;

		private volatile boolean graceOver;

		private volatile @Nullable Disposable grace;

		// the fields below are only used inside drain()

		private @Nullable ArrayDeque<ChatCompletionChunk> queue;

		private long produced;

		// read without synchronization by describe(), for a timeout's message only
		private long emitted;

		private boolean upstreamCancelled;

		private boolean terminated;

		private boolean delivered;

		Decoding(CoreSubscriber<? super ChatCompletionChunk> actual, ChunkFlux parent, ChunkStream stream) {
			this.actual = actual;
			this.parent = parent;
			this.stream = stream;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
				if (!this.cancelled) {
					subscription.request(1);
				}
			}
		}

		@Override
		public void onNext(DataBuffer buffer) {
			if (this.discarding) {
				// after [DONE]: the body is read only so that it can end
				DataBufferUtils.release(buffer);
			}
			else {
				this.pending = buffer;
			}
			drain();
		}

		@Override
		public void onError(Throwable failure) {
			if (this.done) {
				Operators.onErrorDropped(failure, currentContext());
				return;
			}
			this.error = failure;
			this.done = true;
			drain();
		}

		@Override
		public void onComplete() {
			this.done = true;
			drain();
		}

		@Override
		public void request(long n) {
			if (Operators.validate(n)) {
				Operators.addCap(REQUESTED, this, n);
				drain();
			}
		}

		@Override
		public void cancel() {
			if (!this.cancelled) {
				this.cancelled = true;
				this.parent.watchdog.readingEnded(this);
				upstream().cancel();
				disposeGrace();
				drain();
			}
		}

		@Override
		public String describe() {
			long emitted = this.emitted;
			long demand = this.requested;
			ArrayDeque<ChatCompletionChunk> queue = this.queue;
			int queued = (queue != null) ? queue.size() : 0;
			boolean buffer = this.pending != null;
			StringBuilder state = new StringBuilder(chunks(emitted)).append(" delivered, ");
			if (demand == 0 && (queued > 0 || buffer)) {
				state.append("the subscriber has asked for no more: ");
				if (queued > 0) {
					state.append(chunks(queued)).append(buffer ? " and " : " ");
				}
				return state.append(buffer ? "read bytes wait" : "wait").append(" for its demand").toString();
			}
			state.append((demand == Long.MAX_VALUE) ? "the subscriber takes every chunk, "
					: "the subscriber has asked for " + demand + " more, ");
			if (this.done) {
				return state.append("the body has ended").toString();
			}
			if (queued == 0 && !buffer) {
				return state.append("waiting for the server's next bytes").toString();
			}
			return state.append(chunks(queued))
				.append(" queued, read bytes ")
				.append(buffer ? "waiting" : "none")
				.toString();
		}

		private static String chunks(long count) {
			return count + ((count == 1) ? " chunk" : " chunks");
		}

		/** Delivers a chunk, or queues it until the subscriber asks for more. */
		@Override
		public void accept(ChatCompletionChunk chunk) {
			if (this.cancelled) {
				return;
			}
			ArrayDeque<ChatCompletionChunk> queue = this.queue;
			if ((queue == null || queue.isEmpty()) && this.produced != this.requested) {
				emit(chunk);
				return;
			}
			if (queue == null) {
				queue = new ArrayDeque<>();
				this.queue = queue;
			}
			queue.add(chunk);
		}

		private void emit(ChatCompletionChunk chunk) {
			if (!this.delivered) {
				// from the first chunk on, the call is not retried
				this.delivered = true;
				this.parent.watchdog.delivered();
			}
			this.produced++;
			this.emitted++;
			this.actual.onNext(chunk);
		}

		private void drain() {
			if (WIP.getAndIncrement(this) != 0) {
				return;
			}
			int missed = 1;
			do {
				try {
					step();
				}
				catch (Throwable failure) {
					// a throwing subscriber must not leave the loop held, which would
					// stall the stream for good
					fail(failure);
				}
				long produced = this.produced;
				if (produced != 0) {
					this.produced = 0;
					if (this.requested != Long.MAX_VALUE) {
						REQUESTED.addAndGet(this, -produced);
					}
				}
				missed = WIP.addAndGet(this, -missed);
			}
			while (missed != 0);
		}

		private void step() {
			if (this.terminated || this.cancelled) {
				this.terminated = true;
				this.queue = null;
				disposeGrace();
				releasePending();
				return;
			}
			ChunkStream stream = this.stream;
			while (emitQueued()) {
				if (stream.ended()) {
					end(stream.failure());
					return;
				}
				// done before pending: the body sets them in the other order, so a
				// buffer that arrives just before the end is never taken for the end
				boolean done = this.done;
				DataBuffer buffer = this.pending;
				if (buffer != null) {
					this.pending = null;
					if (stream.decode(buffer, this)) {
						this.parent.watchdog.progress();
					}
					if (!stream.ended() && !this.done && !this.cancelled) {
						upstream().request(1);
					}
				}
				else if (done) {
					if (this.error != null) {
						stream.fail(this.parent.exceptions.translate(this.error, this.parent.requestId));
					}
					else {
						stream.finish(this);
					}
				}
				else {
					return;
				}
			}
		}

		/** Delivers queued chunks while there is demand; true once none are left. */
		private boolean emitQueued() {
			ArrayDeque<ChatCompletionChunk> queue = this.queue;
			if (queue == null) {
				return true;
			}
			while (!queue.isEmpty()) {
				if (this.cancelled || this.produced == this.requested) {
					return false;
				}
				emit(queue.poll());
			}
			// an idle stream keeps no queue
			this.queue = null;
			return !this.cancelled;
		}

		/** The stream has ended and every chunk has been delivered. */
		private void end(@Nullable RuntimeException failure) {
			if (failure != null) {
				cancelUpstream();
				terminate();
				this.actual.onError(this.parent.exceptions.translate(failure, this.parent.requestId));
				return;
			}
			if (this.done || this.graceOver) {
				cancelUpstream();
				terminate();
				this.actual.onComplete();
				return;
			}
			if (!this.discarding) {
				this.discarding = true;
				releasePending();
				upstream().request(Long.MAX_VALUE);
				this.grace = Schedulers.parallel()
					.schedule(this::graceOver, DONE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
			releasePending();
		}

		/** Ends the stream after a failure thrown inside the loop. */
		private void fail(Throwable failure) {
			boolean over = this.terminated || this.cancelled;
			this.queue = null;
			cancelUpstream();
			terminate();
			releasePending();
			if (over) {
				Operators.onErrorDropped(failure, currentContext());
			}
			else {
				this.actual.onError(Operators.onOperatorError(failure, currentContext()));
			}
		}

		private void graceOver() {
			this.graceOver = true;
			drain();
		}

		private void terminate() {
			this.terminated = true;
			this.parent.watchdog.readingEnded(this);
			disposeGrace();
		}

		private void cancelUpstream() {
			if (!this.upstreamCancelled && !this.done) {
				this.upstreamCancelled = true;
				upstream().cancel();
			}
		}

		private void disposeGrace() {
			Disposable grace = this.grace;
			if (grace != null) {
				grace.dispose();
			}
		}

		private void releasePending() {
			DataBuffer buffer = this.pending;
			if (buffer != null) {
				this.pending = null;
				DataBufferUtils.release(buffer);
			}
		}

		private Subscription upstream() {
			Subscription upstream = this.upstream;
			if (upstream == null) {
				throw new IllegalStateException("Not subscribed to the body");
			}
			return upstream;
		}

	}

}
