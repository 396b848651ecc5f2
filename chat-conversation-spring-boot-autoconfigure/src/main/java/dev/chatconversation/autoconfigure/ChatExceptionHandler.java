package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatErrorResponses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;

/**
 * Answers a chat-conversation exception that escapes a controller with the status and
 * {@link ProblemDetail} of {@link ChatErrorResponses}: what the controller advice of
 * WebFlux ({@link ChatWebFluxExceptionHandler}) and of Spring MVC
 * ({@link ChatWebMvcExceptionHandler}) share. Once a streamed response has started, its
 * status and headers are sent and no answer can replace them: the advice then logs the
 * failure and passes it on, so that the server ends the response abnormally (the
 * connection closes, and the client sees a reply cut short rather than a clean end).
 */
abstract class ChatExceptionHandler {

	private static final Log logger = LogFactory.getLog(ChatExceptionHandler.class);

	/**
	 * Finds the answer to a failure and logs the failure: a server error with its
	 * message, which the answer's body leaves out.
	 * @param failure a chat-conversation exception or one caused by it
	 * @return the answer
	 */
	final ErrorResponse logged(Exception failure) {
		ErrorResponse answer = answerFor(failure);
		if (answer.getStatusCode().is5xxServerError()) {
			logger.warn("Chat request failed with " + answer.getStatusCode().value() + ": " + failure.getMessage());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Chat request refused with " + answer.getStatusCode().value(), failure);
		}
		return answer;
	}

	final ResponseEntity<ProblemDetail> entity(ErrorResponse answer) {
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
