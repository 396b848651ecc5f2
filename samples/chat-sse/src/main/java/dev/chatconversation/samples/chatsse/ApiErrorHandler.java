package dev.chatconversation.samples.chatsse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Answers refused requests with {@code {"status": ..., "error": ..., "message": ...}},
 * the message in plain words.
 */
@RestControllerAdvice
class ApiErrorHandler {

	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<ErrorBody> refused(ResponseStatusException ex) {
		if (hasCause(ex, DataBufferLimitException.class)) {
			return body(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
		}
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return body(ex.getStatusCode(), "Send the request body as JSON, with Content-Type: application/json.");
		}
		if (ex instanceof ServerWebInputException && ex.getStatusCode().value() == 400) {
			return body(ex.getStatusCode(), "The request body is missing or is not valid JSON.");
		}
		ErrorBody body = ErrorBody.of(ex.getStatusCode(), ex.getReason());
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
	}

	private static ResponseEntity<ErrorBody> body(HttpStatusCode status, String message) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ErrorBody.of(status, message));
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		@Nullable Throwable cause = ex;
		while (cause != null && !type.isInstance(cause)) {
			cause = cause.getCause();
		}
		return cause != null;
	}

	/**
	 * A refused request.
	 *
	 * @param status the HTTP status code
	 * @param error the status's reason phrase
	 * @param message what was wrong, in plain words
	 */
	record ErrorBody(int status, String error, String message) {

		static ErrorBody of(HttpStatusCode status, @Nullable String message) {
			HttpStatus known = HttpStatus.resolve(status.value());
			String error = (known != null) ? known.getReasonPhrase() : "Error";
			return new ErrorBody(status.value(), error, (message != null) ? message : error);
		}

	}

}
