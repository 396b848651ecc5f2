package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * The error a provider reported, read from any of the shapes providers use: an OpenAI
 * {@code {"error": {...}}} object, a Gemini array, an Ollama string, vLLM's
 * {@code {"object": "error"}}, Albert's {@code {"detail": ...}}, or plain text.
 *
 * @param message the provider's message, with the API key redacted
 * @param type the error type, such as {@code invalid_request_error}
 * @param code the error code, such as {@code context_length_exceeded} or {@code 400}
 * @param param the request parameter the error concerns
 */
public record ApiError(@Nullable String message, @Nullable String type, @Nullable String code, @Nullable String param) {

	static final ApiError NONE = new ApiError(null, null, null, null);

}
