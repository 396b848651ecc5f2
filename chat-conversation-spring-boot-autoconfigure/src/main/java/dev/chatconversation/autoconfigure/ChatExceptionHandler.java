package dev.chatconversation.autoconfigure;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.boot.ChatErrorResponses;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.store.ConversationStoreException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a chat-conversation exception that escapes a controller with the status and
 * {@link ProblemDetail} of {@link ChatErrorResponses}, in WebFlux and Spring MVC alike.
 * Ordered last, so that the application's own advice wins. Once a streamed response has
 * started, its status is sent and this can no longer change it.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ChatExceptionHandler {

	private static final Log logger = LogFactory.getLog(ChatExceptionHandler.class);

	@ExceptionHandler({ ChatCompletionsException.class, ConversationBusyException.class,
			InvalidConversationException.class, ConversationStoreException.class })
	ResponseEntity<ProblemDetail> handle(Exception failure) {
		ErrorResponse answer = answerFor(failure);
		if (answer.getStatusCode().is5xxServerError()) {
			// the details, which the body leaves out, stay in the server's log
			logger.warn("Chat request failed with " + answer.getStatusCode().value() + ": " + failure.getMessage());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Chat request refused with " + answer.getStatusCode().value(), failure);
		}
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(answer.getBody());
	}

	private static ErrorResponse answerFor(Throwable failure) {
		@Nullable Throwable cause = failure;
		while (cause != null) {
			ErrorResponse answer = ChatErrorResponses.of(cause);
			if (answer != null) {
				return answer;
			}
			cause = cause.getCause();
		}
		throw new IllegalStateException("Not a chat-conversation exception", failure);
	}

}
