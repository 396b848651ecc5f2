package dev.chatconversation.autoconfigure;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.store.ConversationStoreException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * The WebFlux advice that answers chat-conversation exceptions, as
 * {@link ChatExceptionHandler} describes. Ordered last, so that the application's own
 * advice wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class ChatWebFluxExceptionHandler extends ChatExceptionHandler {

	@ExceptionHandler({ ChatCompletionsException.class, ConversationBusyException.class,
			InvalidConversationException.class, ConversationStoreException.class })
	Mono<ResponseEntity<ProblemDetail>> handle(Exception failure, ServerWebExchange exchange) {
		ErrorResponse answer = logged(failure);
		if (exchange.getResponse().isCommitted()) {
			// an answer would fail on the sent headers; the error makes the server close
			// the connection, so the client sees the reply cut short
			return Mono.error(failure);
		}
		return Mono.just(entity(answer));
	}

}
