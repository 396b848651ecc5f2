package dev.chatconversation.boot;

import dev.chatconversation.ChatCompletionsConversation;

/**
 * Customizes each new conversation made by a {@link ChatConversationFactory}: request
 * defaults, initial messages.
 */
@FunctionalInterface
public interface ChatConversationCustomizer {

	/**
	 * Customizes a conversation builder.
	 * @param connectionName the connection the conversation uses
	 * @param builder the builder to customize
	 */
	void customize(String connectionName, ChatCompletionsConversation.Builder builder);

}
