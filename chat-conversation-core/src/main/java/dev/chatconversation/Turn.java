package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One running turn of a conversation, and the rules that keep its history whole whatever
 * happens: success appends exactly one reply; a failure or cancellation before any
 * content restores the history as it was; after content, the partial reply is kept,
 * marked incomplete. Each turn ends exactly once, also when completion, failure and
 * cancellation race.
 *
 * <p>
 * A turn may take several rounds when the conversation runs tools: each round whose reply
 * asks for tools adds that reply and one result per call. The rules above then apply to
 * the round that fails, and the completed rounds stay; a reply whose calls were not all
 * answered (invalid arguments, too many rounds, a failure or cancellation while tools
 * run) stays with a result for each call that says why it was not run, so the history can
 * always be sent again.
 *
 * <p>
 * What a turn emits, it has accepted first: once the turn has ended, a chunk, tool result
 * or completion that still arrives (a cancel from another thread may cross it, and
 * Reactive Streams allows signals after a cancel) is refused and must not be emitted, so
 * the subscriber never receives more than the history keeps. A failure carries what the
 * history kept ({@link FailedTurn}); when a failure and a cancel race, whichever ends the
 * turn first wins.
 */
final class Turn {

	private final History history;

	private final Kind kind;

	private final @Nullable Message userMessage;

	private final List<Message> startMessages;

	private final int replyStart;

	private final List<Message> rounds = new ArrayList<>();

	private ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

	private @Nullable PendingTools pending;

	private boolean ended;

	private boolean cancelled;

	private @Nullable FailedTurn failed;

	private Turn(History history, Kind kind, @Nullable Message userMessage, List<Message> startMessages) {
		this.history = history;
		this.kind = kind;
		this.userMessage = userMessage;
		this.startMessages = startMessages;
		this.replyStart = startMessages.size();
	}

	/**
	 * Starts a turn that sends a new user message.
	 * @throws ConversationBusyException if another turn is running
	 */
	static Turn send(History history, Message userMessage) {
		return new Turn(history, Kind.SEND, userMessage, history.beginTurn(List.of(userMessage)));
	}

	/**
	 * Starts a turn that answers the last user message again.
	 * @throws ConversationBusyException if another turn is running
	 */
	static Turn regenerate(History history) {
		return new Turn(history, Kind.REGENERATE, null, history.beginRegenerate());
	}

	/**
	 * Starts a turn that asks the model to go on from the history as it stands.
	 * @throws ConversationBusyException if another turn is running
	 * @throws IllegalStateException if the history is empty or a tool call has no result
	 */
	static Turn resume(History history) {
		return new Turn(history, Kind.CONTINUE, null, history.beginContinue());
	}

	synchronized List<Message> requestMessages() {
		if (this.rounds.isEmpty()) {
			return this.startMessages;
		}
		List<Message> messages = new ArrayList<>(this.startMessages);
		messages.addAll(this.rounds);
		return messages;
	}

	/**
	 * Adds a chunk of the current round.
	 * @return whether the turn took it; a chunk it refused must not be emitted
	 */
	synchronized boolean add(ChatCompletionChunk chunk) {
		if (this.ended) {
			return false;
		}
		this.accumulator.add(chunk);
		return true;
	}

	/**
	 * The reply streamed so far, marked as interrupted, for a conversation store to keep
	 * in case the process dies before the turn ends.
	 * @return the partial reply, or {@code null} if there is nothing to keep: no content
	 * yet, tools running, the turn ended, or a regeneration (which changes the history
	 * only when it succeeds)
	 */
	synchronized @Nullable AssistantMessage checkpoint() {
		if (this.ended || this.pending != null || this.kind == Kind.REGENERATE || !this.accumulator.hasContent()) {
			return null;
		}
		return partialReply(Incomplete.INTERRUPTED, "The instance running the turn stopped before the reply ended");
	}

	/** What the turn does to the history. */
	Kind kind() {
		return this.kind;
	}

	/** Whether the turn still runs, so that a next round may start. */
	synchronized boolean running() {
		return !this.ended;
	}

	/** The reply streamed in the current round, as far as it arrived. */
	synchronized ChatCompletion streamed() {
		return this.accumulator.toCompletion();
	}

	/**
	 * The round's reply needs no tools: records it, or fails if it is empty.
	 * @return the completion, or nothing if the turn had already ended
	 */
	synchronized Mono<ChatCompletion> complete(ChatCompletion completion) {
		if (this.ended) {
			return Mono.empty();
		}
		AssistantMessage reply = completion.choices().isEmpty() ? null : completion.firstChoice().message();
		if (reply == null || isEmpty(reply)) {
			String finishReason = (reply != null) ? reply.finishReason() : null;
			return Mono.error(fail(new EmptyReplyException(finishReason)));
		}
		this.ended = true;
		this.history.endTurn(this.replyStart, concat(this.rounds, List.of(reply)));
		return Mono.just(completion);
	}

	/**
	 * The round's reply asks for tools: holds it until every call has a result.
	 * @return whether the turn took it; if not, no call may be reported or run
	 */
	synchronized boolean startTools(AssistantMessage reply, List<ToolCall> calls, boolean legacy) {
		if (this.ended) {
			return false;
		}
		this.pending = new PendingTools(reply, calls, legacy);
		return true;
	}

	/**
	 * A tool returned.
	 * @return whether the turn took the result; a result it refused must not be emitted
	 */
	synchronized boolean toolFinished(ToolCall call, Message result) {
		if (this.ended || this.pending == null) {
			return false;
		}
		this.pending.answer(call, result);
		return true;
	}

	/** Every call has a result: the reply and the results join the turn's rounds. */
	synchronized void finishTools() {
		PendingTools round = this.pending;
		if (this.ended || round == null) {
			return;
		}
		List<Message> messages = round.messages("The turn ended before the tool finished");
		this.rounds.addAll(messages);
		if (this.kind != Kind.REGENERATE) {
			// a regeneration changes the history only when it succeeds
			this.history.continueTurn(messages);
		}
		this.pending = null;
		this.accumulator = new ChatCompletionAccumulator();
	}

	/** How many rounds ran tools. */
	synchronized int toolRounds() {
		return (int) this.rounds.stream().filter(AssistantMessage.class::isInstance).count();
	}

	/**
	 * The turn failed: keeps or restores the history.
	 * @return the failure to deliver, the library's typed exception (any other is wrapped
	 * in an {@link UnexpectedTurnException}), carrying what the history kept
	 */
	synchronized ChatCompletionsException fail(Throwable failure) {
		if (!this.ended) {
			this.failed = failedTurn(failure);
		}
		else if (this.failed == null) {
			// a completion or a cancel ended the turn first and left the history as it
			// says
			this.failed = new FailedTurn(this.userMessage, null, List.of(),
					"the turn had already ended; the history is as it left it");
		}
		return UnexpectedTurnException.of(failure, this.failed);
	}

	/**
	 * The turn failed, unless the subscriber cancelled it first: the cancel then wins and
	 * the failure, which is expected as the stream is torn down, is not delivered.
	 * @return the failure to deliver, or {@code null} if the cancel won
	 */
	synchronized @Nullable ChatCompletionsException failUnlessCancelled(Throwable failure) {
		return this.cancelled ? null : fail(failure);
	}

	private FailedTurn failedTurn(Throwable failure) {
		AssistantMessage partial = end((failure instanceof ApiTimeoutException) ? Incomplete.TIMEOUT : Incomplete.ERROR,
				failure.getMessage());
		// a failed regeneration drops its partial: the exception reports what the history
		// kept
		AssistantMessage kept = (this.kind != Kind.REGENERATE) ? partial : null;
		boolean keptRounds = !this.rounds.isEmpty();
		String summary = TurnOutcome.describe(this.kind, partial != null || keptRounds && this.kind == Kind.REGENERATE,
				keptRounds);
		return new FailedTurn(this.userMessage, kept, keptMessages(kept), summary);
	}

	/** The subscriber cancelled. */
	synchronized void cancel() {
		if (!this.ended) {
			this.cancelled = true;
			end(Incomplete.CANCELLED, "The subscriber cancelled the turn");
		}
	}

	private @Nullable AssistantMessage end(String reason, @Nullable String detail) {
		if (this.ended) {
			return null;
		}
		this.ended = true;
		if (this.pending != null) {
			this.rounds.addAll(this.pending.messages("Not run: " + ((detail != null) ? detail : reason)));
			keep(this.rounds);
			return null;
		}
		AssistantMessage partial = this.accumulator.hasContent() ? partialReply(reason, detail) : null;
		if (partial == null) {
			restore();
			return null;
		}
		keep(concat(this.rounds, List.of(partial)));
		return partial;
	}

	/**
	 * The reply received so far, marked incomplete. Tool calls cut short are left out:
	 * they never ran, and a call without its result would make the history invalid to
	 * send.
	 */
	private @Nullable AssistantMessage partialReply(String reason, @Nullable String detail) {
		AssistantMessage partial = this.accumulator.toCompletion()
			.firstChoice()
			.message()
			.mutate()
			.toolCalls(List.of())
			.functionCall(null)
			.incomplete(new Incomplete(reason, detail))
			.build();
		boolean empty = partial.text().isEmpty() && partial.refusal() == null && partial.reasoningContent() == null
				&& partial.audio() == null;
		return empty ? null : partial;
	}

	private void restore() {
		if (this.kind == Kind.SEND && this.rounds.isEmpty()) {
			// nothing came back: the user's message goes too, so it can be sent again
			this.history.endTurn(this.replyStart - 1, List.of());
		}
		else {
			keep(this.rounds);
		}
	}

	private void keep(List<Message> messages) {
		if (this.kind == Kind.REGENERATE) {
			// a failed regeneration keeps the reply it was meant to replace
			this.history.abortTurn();
		}
		else {
			this.history.endTurn(this.replyStart, messages);
		}
	}

	private List<Message> keptMessages(@Nullable AssistantMessage partial) {
		if (this.kind == Kind.REGENERATE) {
			return List.of();
		}
		List<Message> kept = new ArrayList<>();
		if (this.userMessage != null && (!this.rounds.isEmpty() || partial != null)) {
			kept.add(this.userMessage);
		}
		kept.addAll(this.rounds);
		if (partial != null) {
			kept.add(partial);
		}
		return kept;
	}

	private static List<Message> concat(List<Message> first, List<Message> second) {
		List<Message> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static boolean isEmpty(AssistantMessage reply) {
		return reply.text().isEmpty() && reply.refusal() == null && !reply.hasToolCalls() && reply.audio() == null;
	}

	/**
	 * What a turn does to the history.
	 */
	enum Kind {

		/** Appends a user message and the reply. */
		SEND,

		/**
		 * Replaces the reply to the last user message, only when the new one is complete.
		 */
		REGENERATE,

		/**
		 * Appends a reply to the history as it stands (after tool results, for instance).
		 */
		CONTINUE

	}

}
