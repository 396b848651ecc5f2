package dev.chatconversation.tool;

/**
 * Who answers the tool calls a model makes during a conversation turn.
 */
public enum ToolExecution {

	/**
	 * The conversation runs the tools, sends their results and asks the model again,
	 * until it answers without calling a tool or the maximum number of rounds is reached.
	 */
	AUTO,

	/**
	 * The turn ends with the model's tool calls in the history; the caller appends one
	 * {@code tool} message per call and continues the turn.
	 */
	MANUAL

}
