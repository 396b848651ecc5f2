package dev.chatconversation;

import java.util.List;

import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One running turn of a conversation, and the rules that keep its history whole whatever
 * happens: success appends exactly one reply; a failure or cancellation before any
 * content restores the history as it was; after content, the partial reply is kept,
 * marked incomplete. Each turn ends exactly once, also when completion, failure and
 * cancellation race.
 */
final class Turn {

	private final History history;

	private final @Nullable Message userMessage;

	private final List<Message> requestMessages;

	private final int replyPosition;

	private final ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

	private boolean ended;

	private Turn(History history, @Nullable Message userMessage, List<Message> requestMessages) {
		this.history = history;
		this.userMessage = userMessage;
		this.requestMessages = requestMessages;
		this.replyPosition = requestMessages.size();
	}

	/**
	 * Starts a turn that sends a new user message.
	 * @throws ConversationBusyException if another turn is running
	 */
	static Turn send(History history, Message userMessage) {
		return new Turn(history, userMessage, history.beginTurn(List.of(userMessage)));
	}

	/**
	 * Starts a turn that answers the last user message again.
	 * @throws ConversationBusyException if another turn is running
	 */
	static Turn regenerate(History history) {
		return new Turn(history, null, history.beginRegenerate());
	}

	List<Message> requestMessages() {
		return this.requestMessages;
	}

	synchronized void add(ChatCompletionChunk chunk) {
		if (!this.ended) {
			this.accumulator.add(chunk);
		}
	}

	/** The stream completed: records the accumulated reply, or fails if it is empty. */
	Mono<ChatCompletion> completeStream() {
		return Mono.defer(() -> {
			ChatCompletion completion;
			synchronized (this) {
				completion = this.accumulator.toCompletion();
			}
			return complete(completion);
		});
	}

	/** A non-streaming call returned: records its reply, or fails if it is empty. */
	synchronized Mono<ChatCompletion> complete(ChatCompletion completion) {
		if (this.ended) {
			return Mono.just(completion);
		}
		AssistantMessage reply = completion.choices().isEmpty() ? null : completion.firstChoice().message();
		if (reply == null || isEmpty(reply)) {
			String finishReason = (reply != null) ? reply.finishReason() : null;
			return Mono.error(fail(new EmptyReplyException(finishReason)));
		}
		this.ended = true;
		this.history.endTurn(this.replyPosition, List.of(reply));
		return Mono.just(completion);
	}

	/** The call failed: keeps or restores the history and wraps the failure. */
	synchronized Throwable fail(Throwable failure) {
		if (failure instanceof TurnFailedException) {
			return failure;
		}
		AssistantMessage partial = end((failure instanceof ApiTimeoutException) ? Incomplete.TIMEOUT : Incomplete.ERROR,
				failure.getMessage());
		// a failed regeneration drops its partial: the exception reports what the history
		// kept
		AssistantMessage kept = (this.userMessage != null) ? partial : null;
		return new TurnFailedException(describe(failure, partial), failure, this.userMessage, kept);
	}

	/** The subscriber cancelled. */
	synchronized void cancel() {
		end(Incomplete.CANCELLED, "The subscriber cancelled the turn");
	}

	private @Nullable AssistantMessage end(String reason, @Nullable String detail) {
		if (this.ended) {
			return null;
		}
		this.ended = true;
		if (!this.accumulator.hasContent()) {
			restore();
			return null;
		}
		AssistantMessage partial = this.accumulator.toCompletion()
			.firstChoice()
			.message()
			.mutate()
			.incomplete(new Incomplete(reason, detail))
			.build();
		if (this.userMessage == null) {
			// a failed regeneration keeps the reply it was meant to replace
			this.history.abortTurn();
		}
		else {
			this.history.endTurn(this.replyPosition, List.of(partial));
		}
		return partial;
	}

	private void restore() {
		if (this.userMessage == null) {
			this.history.abortTurn();
		}
		else {
			this.history.endTurn(this.replyPosition - 1, List.of());
		}
	}

	private String describe(Throwable failure, @Nullable AssistantMessage partial) {
		String outcome;
		if (partial != null) {
			outcome = (this.userMessage != null) ? "the partial reply was kept in the history, marked incomplete"
					: "the previous reply was kept";
		}
		else {
			outcome = (this.userMessage != null) ? "the history is unchanged; send the user message again"
					: "the history is unchanged";
		}
		return "The turn failed (" + outcome + "): " + failure.getMessage();
	}

	private static boolean isEmpty(AssistantMessage reply) {
		return reply.text().isEmpty() && reply.refusal() == null && !reply.hasToolCalls() && reply.audio() == null;
	}

}
