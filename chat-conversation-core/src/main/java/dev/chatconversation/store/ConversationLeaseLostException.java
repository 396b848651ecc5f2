package dev.chatconversation.store;

/**
 * Thrown when a turn writes under a lease it no longer holds: the lease expired (the turn
 * went without renewing it for longer than its duration) and another turn acquired it.
 */
public class ConversationLeaseLostException extends ConversationStoreException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param conversationId the conversation
	 */
	public ConversationLeaseLostException(String conversationId) {
		super(conversationId, "The turn's lease on conversation '" + conversationId
				+ "' expired and another turn holds it now; this turn's writes were refused", null);
	}

}
