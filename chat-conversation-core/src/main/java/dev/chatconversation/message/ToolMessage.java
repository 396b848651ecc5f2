package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A {@code tool} message: the result of one tool call, sent back to the model.
 *
 * @param content the result, a string or text parts
 * @param toolCallId the id of the tool call this message answers
 * @param extra fields of the message the library does not model
 */
public record ToolMessage(Content content, String toolCallId, Map<String, JsonNode> extra) implements Message {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("role", "content", "tool_call_id");

	public ToolMessage {
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(toolCallId, "toolCallId");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String role() {
		return "tool";
	}

	@Override
	public String text() {
		return this.content.text();
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
