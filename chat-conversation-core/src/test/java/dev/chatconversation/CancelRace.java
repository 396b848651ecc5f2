package dev.chatconversation;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.chatconversation.RacingChatClient.Round;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.tool.ChatTool;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * One try of a cancel racing a fast stream: subscribes to an entry point, spins until
 * {@code k} pieces arrived, cancels from this thread while the stream's thread goes on
 * emitting, waits until everything stopped, then compares what the subscriber received
 * with what the history holds.
 */
final class CancelRace {

	private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

	private final ExecutorService executor;

	CancelRace(ExecutorService executor) {
		this.executor = executor;
	}

	/**
	 * Runs one try.
	 * @param entry the entry point
	 * @param k how many pieces to wait for before cancelling
	 * @param seed the seed of the stream's timing
	 * @param failure a failure ending the stream instead of its completion, or
	 * {@code null}
	 * @return the outcome
	 */
	Outcome run(CancelRaceEntry entry, int k, long seed, @Nullable Throwable failure) throws InterruptedException {
		List<Round> rounds = entry.rounds();
		if (failure != null) {
			Round last = rounds.get(rounds.size() - 1).failingWith(failure);
			rounds = new CopyOnWriteArrayList<>(rounds);
			rounds.set(rounds.size() - 1, last);
		}
		Random random = new Random(seed);
		RacingChatClient.Rendezvous rendezvous = new RacingChatClient.Rendezvous();
		RacingChatClient client = new RacingChatClient(rounds, this.executor, random, rendezvous);
		ToolWatch tool = new ToolWatch();
		Recorder recorder = new Recorder(k, rendezvous);
		AtomicReference<@Nullable Turn> turn = new AtomicReference<>();
		Supplier<List<Message>> messages;
		BooleanSupplier running;
		if (entry.startsFromTurn()) {
			History history = new History(entry.history());
			entry.start(client, history, turn).subscribe(recorder);
			messages = history::snapshot;
			running = history::turnRunning;
		}
		else {
			ChatCompletionsConversation conversation = entry.conversation(client, tool.tool());
			entry.start(conversation).subscribe(recorder);
			messages = conversation::messages;
			running = conversation::isTurnRunning;
		}
		long deadline = System.nanoTime() + TIMEOUT;
		while (recorder.pieces.get() < k && !recorder.terminated && System.nanoTime() < deadline) {
			Thread.yield();
		}
		rendezvous.cancelling();
		for (int i = random.nextInt(256); i > 0; i--) {
			Thread.onSpinWait();
		}
		recorder.cancel();
		if (!tool.awaitIdle(deadline) || !client.awaitStreams()) {
			throw new IllegalStateException("The stream or the tool did not stop");
		}
		while (running.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.yield();
		}
		Turn started = turn.get();
		String accepted = (started != null) ? started.streamed().text() : null;
		return new Outcome(List.copyOf(recorder.received), recorder.error, messages.get(), running.getAsBoolean(),
				accepted);
	}

	/**
	 * What one try left.
	 *
	 * @param received what the subscriber received, also after its cancel
	 * @param error the error it received, if any
	 * @param history the history once everything stopped
	 * @param stillRunning whether the turn had not ended
	 * @param accepted the text the turn accepted, when the turn is known
	 */
	record Outcome(List<Object> received, @Nullable Throwable error, List<Message> history, boolean stillRunning,
			@Nullable String accepted) {

		/**
		 * What the history lost of what the subscriber received.
		 * @param entry the entry point
		 * @return the problem, or {@code null} if the history holds it all
		 */
		@Nullable String lost(CancelRaceEntry entry) {
			if (this.stillRunning) {
				return "the turn never ended";
			}
			List<Message> start = entry.history();
			// a regeneration may replace the last reply
			List<Message> kept = (entry == CancelRaceEntry.REGENERATE) ? start.subList(0, start.size() - 1) : start;
			if (!this.history.subList(0, Math.min(kept.size(), this.history.size())).equals(kept)) {
				return "the history lost its first messages: " + this.history;
			}
			String text = CancelRaceEntry.receivedText(this.received);
			if (this.accepted != null && !this.accepted.startsWith(text)) {
				return "received '" + text + "' but the turn accepted '" + this.accepted + "'";
			}
			for (Object element : this.received) {
				String missing = missingToolEvent(element);
				if (missing != null) {
					return missing;
				}
			}
			if (text.isEmpty() || entry == CancelRaceEntry.REGENERATE && this.history.equals(start)) {
				return null;
			}
			String reply = CancelRaceEntry.lastReplyText(this.history, kept.size());
			if (reply == null || !reply.startsWith(text)) {
				return "received '" + text + "' but the history holds "
						+ this.history.subList(kept.size(), this.history.size());
			}
			boolean sent = entry != CancelRaceEntry.CONTINUE && entry != CancelRaceEntry.REGENERATE;
			if (sent && !(this.history.get(start.size()).role().equals("user"))) {
				return "the user's message is missing: " + this.history;
			}
			return null;
		}

		private @Nullable String missingToolEvent(Object element) {
			if (element instanceof ConversationEvent.ToolCallRequested requested
					&& this.history.stream().noneMatch((message) -> asks(message, requested.call()))) {
				return "received " + requested + " but the history has no such call: " + this.history;
			}
			if (element instanceof ConversationEvent.ToolCallCompleted completed
					&& !this.history.contains(completed.result())) {
				return "received " + completed + " but the history holds " + this.history;
			}
			return null;
		}

		private static boolean asks(Message message, ToolCall call) {
			return message instanceof AssistantMessage reply && reply.toolCalls().contains(call);
		}

	}

	/**
	 * A subscriber that records every signal, also those that arrive after its cancel, as
	 * Reactive Streams allows.
	 */
	private static final class Recorder implements CoreSubscriber<Object> {

		final List<Object> received = new CopyOnWriteArrayList<>();

		final AtomicInteger pieces = new AtomicInteger();

		private final int k;

		private final RacingChatClient.Rendezvous rendezvous;

		final AtomicReference<@Nullable Subscription> subscription = new AtomicReference<>();

		volatile @Nullable Throwable error;

		volatile boolean terminated;

		Recorder(int k, RacingChatClient.Rendezvous rendezvous) {
			this.k = k;
			this.rendezvous = rendezvous;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription.set(subscription);
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Object element) {
			this.received.add(element);
			if (CancelRaceEntry.isPiece(element) && this.pieces.incrementAndGet() >= this.k) {
				this.rendezvous.arm();
			}
		}

		@Override
		public void onError(Throwable error) {
			this.error = error;
			this.terminated = true;
		}

		@Override
		public void onComplete() {
			this.terminated = true;
		}

		void cancel() {
			Subscription current = this.subscription.get();
			if (current != null) {
				current.cancel();
			}
		}

	}

	/**
	 * The tool of {@link CancelRaceEntry#TOOL_ROUNDS}, which knows when its thread has
	 * finished emitting the result and gone back to its pool.
	 */
	private static final class ToolWatch {

		private final AtomicReference<@Nullable Thread> thread = new AtomicReference<>();

		private volatile boolean returned;

		ChatTool tool() {
			return ChatTool.of("lookup", "Looks up the weather", Lookup.class, (query) -> {
				this.thread.set(Thread.currentThread());
				try {
					return "Sunny in " + query.city();
				}
				finally {
					this.returned = true;
				}
			});
		}

		/**
		 * Waits until the tool's thread, which emits the result once the tool returns, is
		 * parked again in its pool.
		 */
		boolean awaitIdle(long deadline) {
			Thread running = this.thread.get();
			if (running == null) {
				return true;
			}
			while (System.nanoTime() < deadline) {
				Thread.State state = running.getState();
				if (this.returned && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
						|| state == Thread.State.TERMINATED)) {
					return true;
				}
				Thread.yield();
			}
			return false;
		}

		/**
		 * The arguments of the tool.
		 *
		 * @param city the city
		 */
		record Lookup(String city) {
		}

	}

}
