package dev.chatconversation.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.chatconversation.client.internal.ChunkFormatException;
import dev.chatconversation.client.internal.SseDecoder;
import dev.chatconversation.client.internal.StreamErrorEventException;
import io.netty.channel.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Builds every exception the client raises, in one place, so that each carries the
 * status, the provider's error and the request id, and none contains the API key.
 */
final class ChatExceptions {

	private final SecretRedactor redactor;

	private final String endpoint;

	private final @Nullable Duration connectTimeout;

	ChatExceptions(SecretRedactor redactor, URI endpoint, @Nullable Duration connectTimeout) {
		this.redactor = redactor;
		this.connectTimeout = connectTimeout;
		this.endpoint = endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath();
	}

	ApiStatusException fromStatus(int status, HttpHeaders headers, byte @Nullable [] body) {
		Duration retryAfter = RetryAfter.parse(headers);
		ApiError error = ApiErrors.parse(body, this.redactor);
		String requestId = requestId(headers);
		String message = describeStatus(status, error, requestId, body == null || body.length == 0);
		ApiStatusException exception = switch (status) {
			case 400 -> new BadRequestException(message, status, error, requestId, retryAfter);
			case 401 -> new AuthenticationException(message, status, error, requestId, retryAfter);
			case 403 -> new PermissionDeniedException(message, status, error, requestId, retryAfter);
			case 404 -> new NotFoundException(message, status, error, requestId, retryAfter);
			case 409 -> new ConflictException(message, status, error, requestId, retryAfter);
			case 422 -> new UnprocessableEntityException(message, status, error, requestId, retryAfter);
			case 429 -> new RateLimitException(message, status, error, requestId, retryAfter);
			default -> (status >= 500) ? new InternalServerException(message, status, error, requestId, retryAfter)
					: new ApiStatusException(message, status, error, requestId, retryAfter);
		};
		String shouldRetry = headers.getFirst("x-should-retry");
		if (shouldRetry != null) {
			exception.serverRetryAdvice(Boolean.parseBoolean(shouldRetry.strip()));
		}
		return exception;
	}

	StreamErrorException fromStreamError(ApiError error, @Nullable String requestId) {
		String message = "The server reported an error in the stream: "
				+ ((error.message() != null) ? error.message() : "no message") + details(error, requestId);
		return new StreamErrorException(message, null, 200, error, requestId);
	}

	StreamErrorException fromErrorObject(JsonNode body, @Nullable String requestId) {
		return fromStreamError(ApiErrors.fromJson(body, this.redactor), requestId);
	}

	/**
	 * A 200 body that is not a completion. The parser's message may quote the body, so it
	 * is redacted and the parser's exception is not kept as the cause.
	 */
	ResponseDecodingException undecodable(String problem, @Nullable String requestId) {
		return new ResponseDecodingException(
				"The response is not a valid chat completion: " + this.redactor.redact(problem), null, 200,
				ApiError.NONE, requestId);
	}

	StreamErrorException fromErrorEvent(byte[] data, @Nullable String requestId) {
		return fromStreamError(ApiErrors.parse(data, this.redactor), requestId);
	}

	StreamErrorException fromRawStreamBody(byte[] body, @Nullable String requestId) {
		ApiError error = ApiErrors.parse(body, this.redactor);
		String message = "The response stopped being an event stream: "
				+ ((error.message() != null) ? error.message() : "unreadable body") + details(error, requestId);
		return new StreamErrorException(message, null, 200, error, requestId);
	}

	StreamErrorException truncated(@Nullable String requestId) {
		return new StreamErrorException("The stream ended before [DONE] or a finish reason: the reply is incomplete"
				+ details(ApiError.NONE, requestId), null, 200, ApiError.NONE, requestId);
	}

	/**
	 * Maps a failure raised while calling or reading to the hierarchy; failures already
	 * in it pass through.
	 */
	ChatCompletionsException translate(Throwable failure, @Nullable String requestId) {
		if (failure instanceof ChatCompletionsException known) {
			return known;
		}
		Throwable cause = (failure instanceof WebClientRequestException request && request.getCause() != null)
				? request.getCause() : failure;
		if (cause instanceof StreamErrorEventException event) {
			return fromStreamError(ApiErrors.fromJson(event.error(), this.redactor), requestId);
		}
		if (cause instanceof ChunkFormatException format) {
			return new ResponseDecodingException(this.redactor.redact(format.getMessage()), null, 200, ApiError.NONE,
					requestId);
		}
		if (cause instanceof SseDecoder.EventTooLargeException || cause instanceof DataBufferLimitException) {
			return new ResponseTooLargeException(
					"The response from " + this.endpoint + " is larger than the configured maximum response size", null,
					null, ApiError.NONE, requestId);
		}
		if (cause instanceof ConnectTimeoutException) {
			return new ApiTimeoutException(ApiTimeoutException.Kind.CONNECT,
					(this.connectTimeout != null) ? this.connectTimeout : Duration.ZERO, cause);
		}
		if (cause instanceof PrematureCloseException) {
			return new ApiConnectionException(
					"The connection to " + this.endpoint + " closed before the response was complete", cause, null,
					ApiError.NONE, requestId);
		}
		if (cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof IOException) {
			return new ApiConnectionException("Cannot reach " + this.endpoint + ": " + describe(cause), cause, null,
					ApiError.NONE, requestId);
		}
		if (cause instanceof TimeoutException) {
			return new ApiConnectionException("Cannot reach " + this.endpoint + ": " + describe(cause), cause, null,
					ApiError.NONE, requestId);
		}
		if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("Pool#acquire")) {
			return new ApiConnectionException(
					"No free connection to " + this.endpoint
							+ " in time: raise the client's maximum number of connections",
					cause, null, ApiError.NONE, null);
		}
		return new ApiConnectionException("The call to " + this.endpoint + " failed: " + describe(cause), cause, null,
				ApiError.NONE, requestId);
	}

	static @Nullable String requestId(HttpHeaders headers) {
		String id = headers.getFirst("x-request-id");
		return (id != null) ? id : headers.getFirst("request-id");
	}

	private String describeStatus(int status, ApiError error, @Nullable String requestId, boolean emptyBody) {
		HttpStatus known = HttpStatus.resolve(status);
		StringBuilder message = new StringBuilder("HTTP ").append(status);
		if (known != null) {
			message.append(' ').append(known.getReasonPhrase());
		}
		message.append(" from ").append(this.endpoint).append(": ");
		if (error.message() != null) {
			message.append(error.message());
		}
		else {
			message.append(emptyBody ? "empty body" : "no error message");
		}
		return message.append(details(error, requestId)).toString();
	}

	private static String details(ApiError error, @Nullable String requestId) {
		StringBuilder details = new StringBuilder();
		append(details, "type", error.type());
		append(details, "code", error.code());
		append(details, "param", error.param());
		append(details, "request id", requestId);
		return details.isEmpty() ? "" : " (" + details + ")";
	}

	private static void append(StringBuilder details, String name, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			if (!details.isEmpty()) {
				details.append(", ");
			}
			details.append(name).append(' ').append(value);
		}
	}

	private String describe(Throwable cause) {
		String message = cause.getMessage();
		return this.redactor.redact((message != null) ? message : cause.getClass().getSimpleName());
	}

}
