package dev.chatconversation.soak;

import org.jspecify.annotations.Nullable;

/**
 * How one soak turn ended, as its caller saw it.
 *
 * @param id the turn's number
 * @param scenario what the server did
 * @param userText the message sent
 * @param received the reply text the caller received, pieces joined
 * @param pieces how many pieces the caller received
 * @param failure the error the turn ended with, or {@code null}
 */
record TurnResult(int id, Scenario scenario, String userText, String received, int pieces,
		@Nullable Throwable failure) {

	/** Whether the turn ended with the whole reply. */
	boolean succeeded() {
		return this.failure == null && !this.scenario.cancelled();
	}

}
