package dev.chatconversation.tool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what a tool returned, or the exception it threw, into the text of its result
 * message.
 */
final class ToolOutputs {

	private static final JsonMapper JSON = JsonMapper.shared();

	private ToolOutputs() {
	}

	/** A string as it is, {@code null} as {@code null}, anything else as JSON. */
	static String text(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof CharSequence text) {
			return text.toString();
		}
		if (value instanceof JsonNode node) {
			return node.toString();
		}
		return JSON.writeValueAsString(value);
	}

	/** {@code {"error": "<message>"}}, for a tool that failed. */
	static String error(String message) {
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		error.put("error", message);
		return error.toString();
	}

	/** The message of what a tool threw, or the exception's type when it has none. */
	static String describe(Throwable failure) {
		Throwable cause = unwrap(failure);
		String message = cause.getMessage();
		return (message != null && !message.isBlank()) ? message : cause.getClass().getSimpleName();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof InvocationTargetException || cause instanceof UndeclaredThrowableException
				|| cause instanceof CompletionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
