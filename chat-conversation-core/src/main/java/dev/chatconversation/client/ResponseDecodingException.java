package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * A response or stream event could not be read as the Chat Completions format; the
 * message says which event and why, without echoing request headers.
 */
public class ResponseDecodingException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	ResponseDecodingException(String message, @Nullable Throwable cause, @Nullable Integer statusCode, ApiError error,
			@Nullable String requestId) {
		super(message, cause, statusCode, error, requestId);
	}

}
