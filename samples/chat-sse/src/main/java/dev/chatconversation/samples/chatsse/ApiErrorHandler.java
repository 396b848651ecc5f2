package dev.chatconversation.samples.chatsse;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Answers refused requests with an RFC 9457 {@code application/problem+json} body
 * ({@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}), the
 * detail in plain words, never a stack trace nor the input that was refused.
 */
@RestControllerAdvice
class ApiErrorHandler {

	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<ProblemDetail> refused(ResponseStatusException ex, ServerWebExchange exchange) {
		HttpStatus status = HttpStatus.resolve(ex.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = ProblemResponses.problem(status, detail(ex, status), exchange);
		return ResponseEntity.status(status)
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String detail(ResponseStatusException ex, HttpStatus status) {
		if (cause(ex, DataBufferLimitException.class) != null) {
			return "The request body is too large.";
		}
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return "Send the request body as JSON, with Content-Type: application/json.";
		}
		if (ex instanceof ServerWebInputException && status == HttpStatus.BAD_REQUEST) {
			return unreadableBody(ex);
		}
		return (ex.getReason() != null) ? ex.getReason() : status.getReasonPhrase();
	}

	private static String unreadableBody(Throwable ex) {
		MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
		if (mismatch != null) {
			String field = field(mismatch);
			return (field != null) ? "The field \"" + field + "\" has the wrong type: " + expected(mismatch) + "."
					: "The request body must be a JSON object.";
		}
		if (cause(ex, StreamReadException.class) != null) {
			return "The request body is not valid JSON.";
		}
		return "The request body is missing or is not valid JSON.";
	}

	private static @Nullable String field(MismatchedInputException mismatch) {
		for (JacksonException.Reference reference : mismatch.getPath()) {
			String name = reference.getPropertyName();
			// only a name the endpoint knows is repeated: the body is the client's
			if (name != null && name.matches("[a-zA-Z]{1,40}")) {
				return name;
			}
		}
		return null;
	}

	private static String expected(MismatchedInputException mismatch) {
		Class<?> target = mismatch.getTargetType();
		if (target == String.class) {
			return "it must be a string";
		}
		return (target != null && target.isRecord()) ? "it must be an object" : "see the API documentation";
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		@Nullable Throwable cause = ex;
		while (cause != null && !type.isInstance(cause)) {
			cause = cause.getCause();
		}
		return type.cast(cause);
	}

}
