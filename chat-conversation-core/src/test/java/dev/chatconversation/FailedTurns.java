package dev.chatconversation;

import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.FailedTurn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what a failed turn left from the exception it failed with.
 */
final class FailedTurns {

	private FailedTurns() {
	}

	/**
	 * The turn a failure carries, after checking it is of the expected type and says in
	 * its message what the history kept.
	 * @param error the failure of a turn
	 * @param type the typed error expected, not a wrapper
	 * @return the failed turn
	 */
	static FailedTurn failedTurn(Throwable error, Class<? extends Throwable> type) {
		assertThat(error).isInstanceOf(type).isInstanceOf(ChatCompletionsException.class);
		FailedTurn turn = ((ChatCompletionsException) error).turn();
		assertThat(turn).as("the failed turn of %s", error).isNotNull();
		assertThat(error).hasMessageEndingWith("[the turn failed: " + turn.summary() + "]");
		return turn;
	}

	/**
	 * The message of a failure as it was before it failed the turn, as a partial reply's
	 * incomplete mark quotes it.
	 * @param error the failure of a turn
	 * @return the message without what the history kept
	 */
	static String messageBeforeTurn(Throwable error) {
		String message = error.getMessage();
		return message.substring(0, message.lastIndexOf(" [the turn failed: "));
	}

}
