package dev.chatconversation.store;

/**
 * Thrown when a write expected a version of a conversation that is no longer the stored
 * one: another instance (or another object) changed it in between. Load it again and
 * retry.
 */
public class ConversationConflictException extends ConversationStoreException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param conversationId the conversation
	 * @param message what was expected and found
	 */
	public ConversationConflictException(String conversationId, String message) {
		super(conversationId, message, null);
	}

	/**
	 * The exception for a version mismatch.
	 * @param conversationId the conversation
	 * @param expected the version the write expected
	 * @param actual the stored version
	 * @return the exception
	 */
	public static ConversationConflictException version(String conversationId, long expected, long actual) {
		return new ConversationConflictException(conversationId, "Conversation '" + conversationId
				+ "' changed in the store: expected version " + expected + ", found " + actual + "; load it again");
	}

}
