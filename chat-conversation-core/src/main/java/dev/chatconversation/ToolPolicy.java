package dev.chatconversation;

import dev.chatconversation.tool.ToolExecution;
import dev.chatconversation.tool.ToolSet;

/**
 * How a conversation uses tools: which, who runs them, how many rounds a turn may take,
 * and whether they are offered as legacy {@code functions}.
 *
 * @param tools the tools offered on every request
 * @param execution who answers the calls
 * @param maxRounds the maximum number of tool rounds in one turn
 * @param legacyFunctions whether to send {@code functions} instead of {@code tools}
 */
record ToolPolicy(ToolSet tools, ToolExecution execution, int maxRounds, boolean legacyFunctions) {

	static final int DEFAULT_MAX_ROUNDS = 10;

	ToolPolicy {
		if (maxRounds < 1) {
			throw new IllegalArgumentException(
					"The maximum number of tool rounds must be at least 1, but was " + maxRounds);
		}
	}

	/** Whether the conversation runs the tools a reply asks for. */
	boolean runsTools() {
		return this.execution == ToolExecution.AUTO && !this.tools.isEmpty();
	}

}
