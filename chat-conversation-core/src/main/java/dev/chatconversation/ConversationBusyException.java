package dev.chatconversation;

import java.time.Instant;

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

	private ConversationBusyException(String conversationId, Instant leaseExpiry) {
		super("Conversation '" + conversationId + "' is busy: a turn holds its lease in the store until " + leaseExpiry
				+ " (perhaps on another instance); wait for it to end or cancel it");
	}

	/**
	 * The exception for a conversation whose lease in a store is held by a running turn,
	 * in this process or another.
	 * @param conversationId the conversation
	 * @param leaseExpiry when the lease expires unless renewed
	 * @return the exception
	 */
	public static ConversationBusyException leased(String conversationId, Instant leaseExpiry) {
		return new ConversationBusyException(conversationId, leaseExpiry);
	}

}
