package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;

import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a provider's error from a body of any shape: OpenAI's {@code {"error": {...}}},
 * Gemini's array around it, Ollama's {@code {"error": "text"}}, vLLM's {@code {"object":
 * "error", ...}}, FastAPI's (Albert's) {@code {"detail": ...}}, plain text or HTML, or
 * nothing at all.
 */
final class ApiErrors {

	static final int MAX_MESSAGE_LENGTH = 1000;

	private ApiErrors() {
	}

	static ApiError parse(byte @Nullable [] body, SecretRedactor redactor) {
		if (body == null || body.length == 0) {
			return ApiError.NONE;
		}
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return ApiError.NONE;
		}
		try {
			return fromJson(WireJson.mapper().readTree(text), redactor);
		}
		catch (JacksonException ex) {
			return new ApiError(shorten(redactor.redact(PlainText.of(text))), null, null, null);
		}
	}

	static ApiError fromJson(JsonNode node, SecretRedactor redactor) {
		JsonNode root = (node.isArray() && !node.isEmpty()) ? node.get(0) : node;
		if (root.isString()) {
			return new ApiError(shorten(redactor.redact(root.stringValue())), null, null, null);
		}
		JsonNode error = root.get("error");
		if (error != null && error.isString()) {
			return new ApiError(shorten(redactor.redact(error.stringValue())), null, null, null);
		}
		JsonNode source = (error != null && error.isObject()) ? error : root;
		String message = text(source.get("message"));
		if (message == null) {
			message = text(source.get("detail"));
		}
		String type = text(source.get("type"));
		if (type == null) {
			type = text(source.get("status"));
		}
		String code = text(source.get("code"));
		String param = text(source.get("param"));
		return new ApiError((message != null) ? shorten(redactor.redact(message)) : null, redact(type, redactor),
				redact(code, redactor), redact(param, redactor));
	}

	private static @Nullable String text(@Nullable JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

	// any field may echo the key (a provider may name the rejected credential in param)
	private static @Nullable String redact(@Nullable String value, SecretRedactor redactor) {
		return (value != null) ? shorten(redactor.redact(value)) : null;
	}

	static String shorten(String text) {
		return (text.length() <= MAX_MESSAGE_LENGTH) ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
	}

}
