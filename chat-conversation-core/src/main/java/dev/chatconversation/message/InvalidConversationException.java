package dev.chatconversation.message;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a message list cannot be read: the text is not JSON, is not an array of
 * messages, or a message breaks the Chat Completions format.
 *
 * <p>
 * The message names where the input came from (a file path, for instance), the index of
 * the faulty message, the JSON path of the faulty value and what is wrong, for example:
 * {@code Invalid conversation in /data/chat.json: message 2 at $[2].tool_call_id: a tool
 * message needs a tool_call_id}.
 */
public class InvalidConversationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String source;

	private final int messageIndex;

	private final String jsonPath;

	private final String problem;

	/**
	 * Creates an exception for a problem at a JSON path of a message list.
	 * @param source where the input came from, or {@code null} for an anonymous JSON text
	 * @param messageIndex the index of the faulty message, or {@code -1} when the problem
	 * is not inside one message
	 * @param jsonPath the JSON path of the faulty value, such as
	 * {@code $[2].content[0].type}
	 * @param problem what is wrong
	 * @param cause the underlying parse error, if any
	 */
	public InvalidConversationException(@Nullable String source, int messageIndex, String jsonPath, String problem,
			@Nullable Throwable cause) {
		super(describe(source, messageIndex, jsonPath, problem), cause);
		this.source = source;
		this.messageIndex = messageIndex;
		this.jsonPath = jsonPath;
		this.problem = problem;
	}

	private static String describe(@Nullable String source, int messageIndex, String jsonPath, String problem) {
		StringBuilder text = new StringBuilder("Invalid conversation");
		if (source != null) {
			text.append(" in ").append(source);
		}
		text.append(": ");
		if (messageIndex >= 0) {
			text.append("message ").append(messageIndex).append(' ');
		}
		return text.append("at ").append(jsonPath).append(": ").append(problem).toString();
	}

	/**
	 * Where the input came from, such as a file path.
	 * @return the source, or {@code null} for an anonymous JSON text
	 */
	public @Nullable String source() {
		return this.source;
	}

	/**
	 * The index of the faulty message in the list.
	 * @return the index, or {@code -1} when the problem concerns the whole input or a
	 * message read on its own
	 */
	public int messageIndex() {
		return this.messageIndex;
	}

	/**
	 * The JSON path of the faulty value, such as
	 * {@code $[2].tool_calls[0].function.name}.
	 * @return the path
	 */
	public String jsonPath() {
		return this.jsonPath;
	}

	/**
	 * What is wrong, without the location.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

}
