package dev.chatconversation.tool;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.structured.StructuredOutputException;

/**
 * The model called a tool with arguments that are not valid JSON for the tool's
 * parameters; the tool was not run. The cause, a {@link StructuredOutputException}, says
 * what is wrong and where.
 */
public class ToolArgumentsException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final String toolName;

	private final String callId;

	private final String arguments;

	ToolArgumentsException(String toolName, String callId, String arguments, StructuredOutputException cause) {
		super("The model called tool '" + toolName + "' (call id '" + callId
				+ "') with invalid arguments, so it was not run: " + cause.getMessage(), cause, null,
				new ApiError(null, null, null, null), null);
		this.toolName = toolName;
		this.callId = callId;
		this.arguments = arguments;
	}

	/**
	 * The name of the tool the model called.
	 * @return the tool name
	 */
	public String toolName() {
		return this.toolName;
	}

	/**
	 * The id of the call, empty for a legacy {@code function_call}.
	 * @return the call id
	 */
	public String callId() {
		return this.callId;
	}

	/**
	 * The arguments as the model wrote them.
	 * @return the arguments text
	 */
	public String arguments() {
		return this.arguments;
	}

}
