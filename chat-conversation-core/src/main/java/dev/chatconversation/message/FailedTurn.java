package dev.chatconversation.message;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a failed conversation turn left in the history, carried by the exception the turn
 * failed with ({@code ChatCompletionsException.turn()}), so that nothing is lost.
 *
 * <p>
 * If the failure came before any reply content, the history is exactly as before the turn
 * and {@link #userMessage()} holds the message to send again. If it came after, the
 * history keeps the user's message and the partial reply, marked {@link Incomplete
 * incomplete}, which {@link #partialReply()} also returns. When the conversation ran
 * tools, the rounds completed before the failure stay in the history, every tool call
 * answered (a call that was not run is answered with the reason).
 *
 * @param userMessage the user's message of the turn, to send again; {@code null} for a
 * {@code regenerate()} or a continued turn
 * @param partialReply the part of the reply that arrived before the failure, as kept in
 * the history, marked incomplete; {@code null} if nothing arrived or the turn was a
 * {@code regenerate()}, which keeps the previous reply instead
 * @param keptMessages the messages the turn added to the history and left there: the
 * user's message, completed tool rounds and the partial reply, in order; empty when the
 * history is as it was before the turn
 * @param summary what the history kept and what to do next, in words, as the exception's
 * message ends
 */
public record FailedTurn(@Nullable Message userMessage, @Nullable AssistantMessage partialReply,
		List<Message> keptMessages, String summary) {

	public FailedTurn {
		keptMessages = List.copyOf(keptMessages);
		Objects.requireNonNull(summary, "summary");
	}

	/**
	 * Whether the reply was partly received and kept in the history.
	 * @return {@code true} if a partial reply was kept
	 */
	public boolean keptPartialReply() {
		return this.partialReply != null;
	}

	/**
	 * Whether the history is exactly as it was before the turn.
	 * @return {@code true} if the turn left nothing in the history
	 */
	public boolean historyUnchanged() {
		return this.keptMessages.isEmpty();
	}

}
