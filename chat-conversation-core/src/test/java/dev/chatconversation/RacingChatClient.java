package dev.chatconversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.FunctionCallDelta;
import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client whose streams emit scripted rounds as fast as they can on a thread of their
 * own, so that a cancel from another thread races the pieces, as a browser's Stop button
 * races a fast provider. Like Reactor Netty, a stream delivers the piece it was decoding
 * when the cancel arrived (Reactive Streams allows signals after a cancel). Chunks are
 * synthetic, in the shape of {@code openai/stream-text-basic.sse}.
 */
final class RacingChatClient implements ChatCompletionsClient {

	private final Deque<Round> rounds;

	private final ExecutorService executor;

	private final Random random;

	private final Rendezvous rendezvous;

	private final List<CountDownLatch> streams = new ArrayList<>();

	RacingChatClient(List<Round> rounds, ExecutorService executor, Random random, Rendezvous rendezvous) {
		this.rounds = new ArrayDeque<>(rounds);
		this.executor = executor;
		this.random = random;
		this.rendezvous = rendezvous;
	}

	static Round textRound(List<String> pieces) {
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		chunks.add(chunk(new Delta("assistant", "", null, null, List.of(), null, null, Map.of()), null));
		for (String piece : pieces) {
			chunks.add(chunk(new Delta(null, piece, null, null, List.of(), null, null, Map.of()), null));
		}
		chunks.add(chunk(Delta.EMPTY, "stop"));
		return new Round(chunks, null);
	}

	static Round toolRound(String callId, String name, String arguments) {
		ToolCallDelta call = new ToolCallDelta(0, callId, "function", new FunctionCallDelta(name, arguments, Map.of()),
				Map.of());
		return new Round(
				List.of(chunk(new Delta("assistant", null, null, null, List.of(call), null, null, Map.of()), null),
						chunk(Delta.EMPTY, "tool_calls")),
				null);
	}

	private static ChatCompletionChunk chunk(Delta delta, @Nullable String finishReason) {
		return new ChatCompletionChunk("chatcmpl-race", "chat.completion.chunk", 1727346168L, "gpt-4o-2024-08-06",
				List.of(new ChunkChoice(0, delta, null, finishReason, Map.of())), null, null, null, Map.of());
	}

	@Override
	public Mono<ChatCompletion> create(ChatCompletionRequest request) {
		return Mono.error(new UnsupportedOperationException("The race tests stream"));
	}

	@Override
	public synchronized Flux<ChatCompletionChunk> stream(ChatCompletionRequest request) {
		Round round = (this.rounds.size() > 1) ? this.rounds.poll() : this.rounds.peek();
		long seed = this.random.nextLong();
		return Flux.from((subscriber) -> emitOnRequest(subscriber, round, new Random(seed)));
	}

	private void emitOnRequest(Subscriber<? super ChatCompletionChunk> subscriber, Round round, Random random) {
		CountDownLatch finished = new CountDownLatch(1);
		synchronized (this) {
			this.streams.add(finished);
		}
		AtomicBoolean started = new AtomicBoolean();
		AtomicBoolean cancelled = new AtomicBoolean();
		subscriber.onSubscribe(new Subscription() {

			@Override
			public void request(long n) {
				// the demand of the turn's operators exceeds a round's few chunks
				if (started.compareAndSet(false, true)) {
					RacingChatClient.this.executor.execute(() -> emit(subscriber, round, random, cancelled, finished));
				}
			}

			@Override
			public void cancel() {
				cancelled.set(true);
				if (started.compareAndSet(false, true)) {
					finished.countDown();
				}
			}

		});
	}

	private void emit(Subscriber<? super ChatCompletionChunk> subscriber, Round round, Random random,
			AtomicBoolean cancelled, CountDownLatch finished) {
		try {
			for (ChatCompletionChunk chunk : round.chunks()) {
				if (cancelled.get()) {
					return;
				}
				// the piece is decoded while the cancel is on its way: Reactive Streams
				// allows signals after a cancel, and Reactor Netty sends them
				this.rendezvous.awaitCancel();
				spin(random.nextInt(256));
				subscriber.onNext(chunk);
			}
			if (!cancelled.get()) {
				this.rendezvous.awaitCancel();
				spin(random.nextInt(256));
				if (round.failure() != null) {
					subscriber.onError(round.failure());
				}
				else {
					subscriber.onComplete();
				}
			}
		}
		finally {
			finished.countDown();
		}
	}

	private static void spin(int times) {
		for (int i = 0; i < times; i++) {
			Thread.onSpinWait();
		}
	}

	/**
	 * Waits until every stream started so far has stopped emitting.
	 * @return whether they all stopped in time
	 */
	boolean awaitStreams() throws InterruptedException {
		List<CountDownLatch> started;
		synchronized (this) {
			started = List.copyOf(this.streams);
		}
		for (CountDownLatch finished : started) {
			if (!finished.await(5, TimeUnit.SECONDS)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public Builder mutate() {
		throw new UnsupportedOperationException("A scripted client cannot be changed");
	}

	@Override
	public void close() {
	}

	/**
	 * Makes a try a real race: once the subscriber has received the pieces it waits for,
	 * the stream holds its next signal until the canceller is about to cancel, so both
	 * threads run at once whatever the machine's load.
	 */
	static final class Rendezvous {

		private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

		private volatile boolean armed;

		private volatile boolean cancelling;

		/** The subscriber received the pieces the canceller waits for. */
		void arm() {
			this.armed = true;
		}

		/** The canceller is about to cancel. */
		void cancelling() {
			this.cancelling = true;
		}

		void awaitCancel() {
			if (!this.armed) {
				return;
			}
			long deadline = System.nanoTime() + TIMEOUT;
			while (!this.cancelling && System.nanoTime() < deadline) {
				// yields so that the canceller runs even on a busy machine
				Thread.yield();
			}
		}

	}

	/**
	 * The chunks of one round, then its end: completion, or the failure.
	 *
	 * @param chunks the chunks
	 * @param failure the failure after the chunks, or {@code null} to complete
	 */
	record Round(List<ChatCompletionChunk> chunks, @Nullable Throwable failure) {

		Round failingWith(Throwable failure) {
			return new Round(this.chunks.subList(0, this.chunks.size() - 1), failure);
		}

	}

}
