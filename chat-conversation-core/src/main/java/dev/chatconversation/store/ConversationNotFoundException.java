package dev.chatconversation.store;

/**
 * Thrown when a store holds no conversation with the given id.
 */
public class ConversationNotFoundException extends ConversationStoreException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param conversationId the unknown id
	 */
	public ConversationNotFoundException(String conversationId) {
		super(conversationId, "No conversation '" + conversationId + "' in the store", null);
	}

}
