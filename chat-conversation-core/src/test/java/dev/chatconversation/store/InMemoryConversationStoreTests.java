package dev.chatconversation.store;

/**
 * The store contract on {@link InMemoryConversationStore}.
 */
class InMemoryConversationStoreTests extends ConversationStoreContract {

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		return new InMemoryConversationStore(clock);
	}

}
