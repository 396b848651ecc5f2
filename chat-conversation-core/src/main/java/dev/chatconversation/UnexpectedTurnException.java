package dev.chatconversation;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.FailedTurn;

/**
 * A conversation turn failed with an exception outside the library's typed errors: a
 * request the client refused before sending it (an {@link IllegalArgumentException}), an
 * exception thrown by code the turn runs for the caller (request options, for instance)
 * or a bug. The cause is that exception; the history follows the same nothing-lost rules
 * as for any failure, and {@link #turn()} says what it kept.
 *
 * <p>
 * A tool that throws does not fail the turn: its error is sent to the model.
 */
public class UnexpectedTurnException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private UnexpectedTurnException(Throwable cause) {
		super("The turn failed with " + cause, cause, null, new ApiError(null, null, null, null), null);
	}

	/**
	 * The failure a turn ends with: the library's own exception, or this one wrapping any
	 * other, carrying what the turn left in the history.
	 */
	static ChatCompletionsException of(Throwable failure, FailedTurn turn) {
		ChatCompletionsException typed = (failure instanceof ChatCompletionsException known) ? known
				: new UnexpectedTurnException(failure);
		return failedTurn(typed, turn);
	}

}
