package dev.chatconversation.store;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a conversation store cannot do what was asked; the message names the
 * conversation and what failed. The stored conversation is then as it was before the
 * call.
 */
public class ConversationStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String conversationId;

	/**
	 * Creates an exception.
	 * @param conversationId the conversation concerned, or {@code null} for the store as
	 * a whole
	 * @param message what failed
	 * @param cause the underlying failure, if any
	 */
	public ConversationStoreException(@Nullable String conversationId, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.conversationId = conversationId;
	}

	/**
	 * The conversation concerned.
	 * @return its id, or {@code null} if the failure concerns the store as a whole
	 */
	public @Nullable String conversationId() {
		return this.conversationId;
	}

}
