package dev.chatconversation.autoconfigure;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.store.ConversationStoreException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The Spring MVC advice that answers chat-conversation exceptions, as
 * {@link ChatExceptionHandler} describes. Ordered last, so that the application's own
 * advice wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class ChatWebMvcExceptionHandler extends ChatExceptionHandler {

	@ExceptionHandler({ ChatCompletionsException.class, ConversationBusyException.class,
			InvalidConversationException.class, ConversationStoreException.class })
	ResponseEntity<ProblemDetail> handle(Exception failure, HttpServletResponse response) throws Exception {
		ErrorResponse answer = logged(failure);
		if (response.isCommitted()) {
			// Spring MVC passes the original exception on without logging the advice as
			// failed, and the servlet container closes the connection
			throw failure;
		}
		return entity(answer);
	}

}
