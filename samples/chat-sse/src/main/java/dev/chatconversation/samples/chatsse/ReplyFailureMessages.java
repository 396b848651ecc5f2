package dev.chatconversation.samples.chatsse;

import dev.chatconversation.boot.ChatErrorResponses;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.FailedTurn;

import org.springframework.web.ErrorResponse;

/**
 * Says in plain words why a reply failed and what became of the user's message, for the
 * {@code error} event. The details stay in the server log.
 */
final class ReplyFailureMessages {

	private ReplyFailureMessages() {
	}

	static String describe(Throwable failure) {
		FailedTurn turn = (failure instanceof ChatCompletionsException known) ? known.turn() : null;
		if (turn == null) {
			return "Something went wrong on the server while writing the reply. Reload the page to see what "
					+ "the conversation kept.";
		}
		String reason = reason(failure);
		if (turn.keptPartialReply()) {
			return reason + " The part of the reply written so far is kept in the conversation.";
		}
		return reason + " Your message was not added to the conversation; you can send it again.";
	}

	static String deleted() {
		return "This conversation was deleted while the reply was being written.";
	}

	/** The library's own plain-words detail, the one it answers HTTP requests with. */
	private static String reason(Throwable cause) {
		ErrorResponse answer = ChatErrorResponses.of(cause);
		String detail = (answer != null) ? answer.getBody().getDetail() : null;
		return (detail != null) ? detail : "The reply could not be written.";
	}

}
