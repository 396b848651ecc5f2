package dev.chatconversation.structured;

import java.util.Objects;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;
import org.jspecify.annotations.Nullable;

/**
 * A reply, or the arguments of a tool call, could not be turned into the expected Java
 * value; {@link #kind()} says why and {@link #rawText()} holds the text the model wrote.
 *
 * <p>
 * The model did answer: a conversation keeps the reply in its history like any other.
 */
public class StructuredOutputException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private static final int EXCERPT = 200;

	private final Kind kind;

	private final String rawText;

	StructuredOutputException(Kind kind, String problem, String rawText, @Nullable Throwable cause) {
		super(describe(kind, problem, rawText), cause, null, new ApiError(null, null, null, null), null);
		this.kind = Objects.requireNonNull(kind, "kind");
		this.rawText = rawText;
	}

	/**
	 * Why the text could not be read.
	 * @return the kind of failure
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The text the model wrote: the reply's content, its refusal, or the tool call's
	 * arguments.
	 * @return the text, empty when there was none
	 */
	public String rawText() {
		return this.rawText;
	}

	// the parser's own message may quote the text too
	private static String describe(Kind kind, String problem, String rawText) {
		return kind.summary + ": " + excerpt(problem) + " (text: " + excerpt(rawText) + ")";
	}

	private static String excerpt(String text) {
		return (text.length() > EXCERPT) ? text.substring(0, EXCERPT) + "..." : text;
	}

	/**
	 * Why a text could not be read as the expected value.
	 */
	public enum Kind {

		/** The model declined to answer; {@link #rawText()} is its refusal. */
		REFUSAL("The model refused"),

		/**
		 * The reply stopped at the token limit (finish reason {@code length}), so the
		 * JSON is cut short.
		 */
		TRUNCATED("The reply was truncated at the token limit"),

		/** The text is not one JSON object. */
		INVALID_JSON("The text is not valid JSON"),

		/**
		 * The JSON does not match the expected type: a missing or unknown property, a
		 * {@code null} where none is allowed, or a value of the wrong type.
		 */
		SCHEMA_MISMATCH("The JSON does not match the expected type");

		private final String summary;

		Kind(String summary) {
			this.summary = summary;
		}

	}

}
