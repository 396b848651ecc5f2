package dev.chatconversation.boot;

import java.time.Duration;
import java.util.Locale;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.EmptyReplyException;
import dev.chatconversation.UnexpectedTurnException;
import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.ApiStatusException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.AuthenticationException;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.NotFoundException;
import dev.chatconversation.client.PermissionDeniedException;
import dev.chatconversation.client.RateLimitException;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.store.ConversationConflictException;
import dev.chatconversation.store.ConversationLeaseLostException;
import dev.chatconversation.store.ConversationNotFoundException;
import dev.chatconversation.store.ConversationStoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;

/**
 * The HTTP answer for a chat-conversation exception that escapes a controller: a status
 * and an RFC 9457 {@link org.springframework.http.ProblemDetail} body. The starter
 * answers with it in WebFlux and Spring MVC applications; an application's own
 * {@code @ExceptionHandler} or {@code @ControllerAdvice} can call {@link #of(Throwable)}
 * too, for instance to send the body as the {@code error} event of a stream that has
 * already started.
 *
 * <p>
 * The mapping:
 * <ul>
 * <li>{@link ConversationBusyException}: 409, the conversation is writing a reply;</li>
 * <li>{@link InvalidConversationException}: 400, the message list sent is invalid;</li>
 * <li>{@link RateLimitException}: 429, with {@code Retry-After} when the provider gave
 * one;</li>
 * <li>{@link ApiConnectionException}: 503, the provider cannot be reached now; a provider
 * 503: 503, with {@code Retry-After} when known;</li>
 * <li>{@link ApiTimeoutException}, a provider 408 or 504: 504;</li>
 * <li>{@link AuthenticationException}, {@link PermissionDeniedException}: 502, the
 * provider refused the server's key (the provider's message is never repeated);</li>
 * <li>{@link NotFoundException}: 502, the configured model or address is unknown;</li>
 * <li>any other provider status (a 400 is a bug or a setting of the server, not of the
 * client's request), an error inside a stream, an unreadable or empty reply: 502;</li>
 * <li>{@link UnexpectedTurnException}: 500, a failure in the server's own code;</li>
 * <li>{@link ConversationNotFoundException}: 404, no stored conversation has that
 * id;</li>
 * <li>{@link ConversationConflictException}: 409, the stored conversation changed in
 * between (load it again);</li>
 * <li>{@link ConversationLeaseLostException}, any other
 * {@link ConversationStoreException}: 503, the conversation store failed (its message,
 * which may name files or tables, is not repeated).</li>
 * </ul>
 * Details never quote the provider's error message, which can echo a key or a prompt. The
 * body carries {@code historyUnchanged}, when the failure ended a conversation turn
 * ({@code true}: the client's message was not kept and can be sent again), and
 * {@code providerStatus}, when the provider answered with an error status.
 */
public final class ChatErrorResponses {

	private ChatErrorResponses() {
	}

	/**
	 * The HTTP answer for a failure, when it is one of the library's exceptions.
	 * @param failure the failure
	 * @return the answer, or {@code null} if the failure is not one of the library's
	 */
	public static @Nullable ErrorResponse of(Throwable failure) {
		if (failure instanceof ConversationBusyException) {
			return answer(failure, HttpStatus.CONFLICT, "Conversation busy",
					"A reply of this conversation is still being written: wait for it to end or stop it, "
							+ "then send again.")
				.build();
		}
		if (failure instanceof InvalidConversationException invalid) {
			String where = (invalid.messageIndex() >= 0) ? "message " + invalid.messageIndex() + " at " : "at ";
			return answer(failure, HttpStatus.BAD_REQUEST, "Invalid conversation",
					"Invalid conversation: " + where + invalid.jsonPath() + ": " + invalid.problem())
				.build();
		}
		if (failure instanceof ConversationStoreException store) {
			return storeAnswer(store).build();
		}
		if (failure instanceof ChatCompletionsException chat) {
			ErrorResponse.Builder answer = chatAnswer(chat);
			FailedTurn turn = chat.turn();
			if (turn != null) {
				answer.property("historyUnchanged", turn.historyUnchanged());
			}
			if (chat.statusCode() != null) {
				answer.property("providerStatus", chat.statusCode());
			}
			return answer.build();
		}
		return null;
	}

	private static ErrorResponse.Builder storeAnswer(ConversationStoreException failure) {
		if (failure instanceof ConversationNotFoundException) {
			return answer(failure, HttpStatus.NOT_FOUND, "Conversation not found",
					"There is no conversation with this id: it was deleted or never existed.");
		}
		if (failure instanceof ConversationConflictException) {
			return answer(failure, HttpStatus.CONFLICT, "Conversation changed",
					"The conversation changed in the meantime: load it again, then retry.");
		}
		return answer(failure, HttpStatus.SERVICE_UNAVAILABLE, "Conversation store unavailable",
				"The conversations could not be read or written; try again later.");
	}

	private static ErrorResponse.Builder chatAnswer(ChatCompletionsException failure) {
		if (failure instanceof ApiStatusException status) {
			return statusAnswer(status);
		}
		if (failure instanceof ApiConnectionException) {
			return answer(failure, HttpStatus.SERVICE_UNAVAILABLE, "Model provider unreachable",
					"The model provider could not be reached; try again later.");
		}
		if (failure instanceof ApiTimeoutException timeout) {
			String kind = timeout.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
			return answer(failure, HttpStatus.GATEWAY_TIMEOUT, "Model provider timeout",
					"The model provider did not answer in time (" + kind + " timeout); try again later.");
		}
		if (failure instanceof UnexpectedTurnException) {
			return answer(failure, HttpStatus.INTERNAL_SERVER_ERROR, "Reply failed",
					"The reply could not be written because of an error in this server.");
		}
		if (failure instanceof EmptyReplyException) {
			return answer(failure, HttpStatus.BAD_GATEWAY, "Empty reply", "The model sent an empty reply.");
		}
		return answer(failure, HttpStatus.BAD_GATEWAY, "Model reply failed",
				"The model's reply could not be received or used (" + failure.getClass().getSimpleName() + ").");
	}

	private static ErrorResponse.Builder statusAnswer(ApiStatusException failure) {
		Integer code = failure.statusCode();
		int status = (code != null) ? code : 0;
		if (failure instanceof RateLimitException) {
			return retryAfter(
					answer(failure, HttpStatus.TOO_MANY_REQUESTS, "Model provider rate limit",
							"The model provider's rate limit or quota is exceeded; try again later."),
					failure.retryAfter());
		}
		if (failure instanceof AuthenticationException || failure instanceof PermissionDeniedException) {
			return answer(failure, HttpStatus.BAD_GATEWAY, "Model provider refused the server's key",
					"The model provider refused the API key this server sends (HTTP " + status
							+ "): the server's configuration must be fixed.");
		}
		if (failure instanceof NotFoundException) {
			return answer(failure, HttpStatus.BAD_GATEWAY, "Model not found",
					"The model provider does not know the model or address this server is configured with "
							+ "(HTTP 404).");
		}
		if (status == 503) {
			return retryAfter(answer(failure, HttpStatus.SERVICE_UNAVAILABLE, "Model provider unavailable",
					"The model provider is unavailable (HTTP 503); try again later."), failure.retryAfter());
		}
		if (status == 408 || status == 504) {
			return answer(failure, HttpStatus.GATEWAY_TIMEOUT, "Model provider timeout",
					"The model provider timed out (HTTP " + status + "); try again later.");
		}
		if (status >= 500) {
			return answer(failure, HttpStatus.BAD_GATEWAY, "Model provider error",
					"The model provider failed (HTTP " + status + "); try again later.");
		}
		String detail = (failure instanceof BadRequestException bad && bad.isContextLengthExceeded())
				? "The conversation is longer than the model's context window (HTTP 400); start a new one."
				: "The model provider refused the request this server built (HTTP " + status
						+ "): a bug or a setting of this server, not of your request.";
		return answer(failure, HttpStatus.BAD_GATEWAY, "Request refused by the model provider", detail);
	}

	private static ErrorResponse.Builder answer(Throwable failure, HttpStatus status, String title, String detail) {
		return ErrorResponse.builder(failure, status, detail).title(title);
	}

	private static ErrorResponse.Builder retryAfter(ErrorResponse.Builder answer, @Nullable Duration retryAfter) {
		if (retryAfter == null) {
			return answer;
		}
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		return answer.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

}
