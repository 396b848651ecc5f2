package dev.chatconversation;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;

/**
 * The model still asked for tools after the conversation had run the maximum number of
 * tool rounds in one turn; its last calls were not run.
 *
 * @see ChatCompletionsConversation.Builder#maxToolRounds(int)
 */
public class ToolRoundsExceededException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final int maxRounds;

	ToolRoundsExceededException(int maxRounds) {
		super("The model asked for tools again after " + maxRounds + " tool rounds, the maximum for one turn", null,
				null, new ApiError(null, null, null, null), null);
		this.maxRounds = maxRounds;
	}

	/**
	 * The maximum number of tool rounds of a turn.
	 * @return the maximum
	 */
	public int maxRounds() {
		return this.maxRounds;
	}

}
