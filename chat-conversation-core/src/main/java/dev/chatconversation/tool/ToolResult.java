package dev.chatconversation.tool;

import java.util.Map;
import java.util.Objects;

import dev.chatconversation.message.Content;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;

/**
 * The outcome of one tool call: the text sent back to the model, and whether the tool
 * failed (then the text is {@code {"error": "..."}}).
 *
 * @param call the call that was answered
 * @param content the result as text: a string result as it is, anything else as JSON
 * @param failed whether the tool threw, or no tool of that name exists
 */
public record ToolResult(ToolCall call, String content, boolean failed) {

	public ToolResult {
		Objects.requireNonNull(call, "call");
		Objects.requireNonNull(content, "content");
	}

	/**
	 * The {@code tool} message that answers the call.
	 * @return the message, with the call's id
	 */
	public ToolMessage toMessage() {
		return new ToolMessage(Content.of(this.content), this.call.id(), Map.of());
	}

	/**
	 * The legacy {@code function} message that answers a {@code function_call}.
	 * @return the message, with the function's name
	 */
	public FunctionMessage toFunctionMessage() {
		String name = (this.call.function() != null) ? this.call.function().name() : this.call.type();
		return new FunctionMessage(name, this.content, Map.of());
	}

}
