package dev.chatconversation;

/**
 * Thrown when a conversation is asked to start a turn, or to change its history, while a
 * turn is still running.
 *
 * <p>
 * A conversation runs one turn at a time: a second turn is refused at once rather than
 * queued, so two replies can never interleave in one history.
 */
public class ConversationBusyException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	ConversationBusyException(String action) {
		super("Cannot " + action + ": a turn of this conversation is still running; wait for it to end or cancel it");
	}

}
