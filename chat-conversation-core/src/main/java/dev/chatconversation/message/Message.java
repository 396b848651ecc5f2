package dev.chatconversation.message;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One message of a Chat Completions conversation, in the shape the API's {@code messages}
 * array takes.
 *
 * <p>
 * Messages are immutable. Fields the library does not model are kept in {@link #extra()}
 * and written back unchanged, so a history loaded from JSON and saved again keeps every
 * field.
 */
public sealed interface Message
		permits SystemMessage, DeveloperMessage, UserMessage, AssistantMessage, ToolMessage, FunctionMessage {

	/**
	 * The API role of this message: {@code system}, {@code developer}, {@code user},
	 * {@code assistant}, {@code tool} or {@code function}.
	 * @return the role
	 */
	String role();

	/**
	 * The JSON fields of this message that the library does not model, in their original
	 * order.
	 * @return the unmodelled fields, never {@code null}
	 */
	Map<String, JsonNode> extra();

	/**
	 * The plain text of this message: its string content, or its text parts joined.
	 * @return the text, empty when the message has none
	 */
	String text();

	/**
	 * A system message with plain text.
	 * @param text the instructions
	 * @return the message
	 */
	static SystemMessage system(String text) {
		return new SystemMessage(Content.of(text), null, Map.of());
	}

	/**
	 * A developer message with plain text.
	 * @param text the instructions
	 * @return the message
	 */
	static DeveloperMessage developer(String text) {
		return new DeveloperMessage(Content.of(text), null, Map.of());
	}

	/**
	 * A user message with plain text.
	 * @param text the text
	 * @return the message
	 */
	static UserMessage user(String text) {
		return new UserMessage(Content.of(text), null, Map.of());
	}

	/**
	 * A user message made of content parts (text, images, audio, files), kept as one
	 * message.
	 * @param parts the parts, at least one
	 * @return the message
	 */
	static UserMessage user(List<ContentPart> parts) {
		return new UserMessage(Content.of(parts), null, Map.of());
	}

	/**
	 * An assistant message with plain text.
	 * @param text the reply
	 * @return the message
	 */
	static AssistantMessage assistant(String text) {
		return AssistantMessage.builder().content(text).build();
	}

	/**
	 * A tool message answering one tool call.
	 * @param toolCallId the id of the call this message answers
	 * @param text the tool's result
	 * @return the message
	 */
	static ToolMessage tool(String toolCallId, String text) {
		return new ToolMessage(Content.of(text), toolCallId, Map.of());
	}

}
