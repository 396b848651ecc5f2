package dev.chatconversation.samples.chatsse;

import dev.chatconversation.EmptyReplyException;
import dev.chatconversation.UnexpectedTurnException;
import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.ApiStatusException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.AuthenticationException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.NotFoundException;
import dev.chatconversation.client.PermissionDeniedException;
import dev.chatconversation.client.RateLimitException;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.FailedTurn;

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

	private static String reason(Throwable cause) {
		if (cause instanceof UnexpectedTurnException) {
			return "The reply could not be written.";
		}
		if (cause instanceof EmptyReplyException) {
			return "The model sent an empty reply.";
		}
		if (cause instanceof ApiTimeoutException) {
			return "The model took too long to answer.";
		}
		if (cause instanceof ApiConnectionException) {
			return "The model provider could not be reached.";
		}
		if (cause instanceof StreamErrorException stream) {
			return "The model provider reported an error while writing the reply" + detail(stream);
		}
		if (cause instanceof ApiStatusException status) {
			return statusReason(status);
		}
		if (cause instanceof ChatCompletionsException other) {
			return "The call to the model failed" + detail(other);
		}
		return "The reply could not be written.";
	}

	private static String statusReason(ApiStatusException failure) {
		String status = " (HTTP " + failure.statusCode() + ")";
		if (failure instanceof AuthenticationException) {
			return "The model provider refused the API key" + status + ".";
		}
		if (failure instanceof PermissionDeniedException) {
			return "The model provider refused access to this model" + status + ".";
		}
		if (failure instanceof NotFoundException) {
			return "The model provider does not know this model or address" + status + detail(failure);
		}
		if (failure instanceof RateLimitException) {
			return "The model provider is receiving too many requests" + status + "; wait a moment.";
		}
		Integer code = failure.statusCode();
		if (code != null && code >= 500) {
			return "The model provider had an internal error" + status + ".";
		}
		return "The model provider refused the request" + status + detail(failure);
	}

	private static String detail(ChatCompletionsException failure) {
		String message = failure.error().message();
		if (message == null || message.isBlank()) {
			return ".";
		}
		message = message.strip();
		return ": " + message + (message.matches(".*[.!?]$") ? "" : ".");
	}

}
