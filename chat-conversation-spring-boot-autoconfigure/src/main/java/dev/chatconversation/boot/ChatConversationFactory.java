package dev.chatconversation.boot;

import java.util.List;
import java.util.function.Consumer;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;

/**
 * Makes new conversations for one connection. A conversation is stateful (one per user or
 * chat), so applications inject this factory, a singleton, and ask it for a conversation
 * whenever a chat starts.
 */
public final class ChatConversationFactory {

	private final ChatConnectionSettings settings;

	private final ChatCompletionsClient client;

	private final List<ChatConversationCustomizer> customizers;

	/**
	 * Creates a factory.
	 * @param settings the connection's settings (request defaults, system prompt)
	 * @param client the client conversations use
	 * @param customizers applied, in order, to every new conversation
	 */
	public ChatConversationFactory(ChatConnectionSettings settings, ChatCompletionsClient client,
			List<ChatConversationCustomizer> customizers) {
		this.settings = settings;
		this.client = client;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * A new, empty conversation (apart from the configured system prompt).
	 * @return the conversation
	 */
	public ChatCompletionsConversation newConversation() {
		return newConversation((builder) -> {
		});
	}

	/**
	 * A new conversation, with changes applied after the configured ones.
	 * @param changes changes to the conversation builder
	 * @return the conversation
	 */
	public ChatCompletionsConversation newConversation(Consumer<ChatCompletionsConversation.Builder> changes) {
		ChatCompletionsConversation.Builder builder = ChatCompletionsConversation.builder()
			.client(this.client)
			.requestDefaults(this.settings.requestDefaults());
		if (this.settings.systemPrompt() != null) {
			builder.systemPrompt(this.settings.systemPrompt());
		}
		this.customizers.forEach((customizer) -> customizer.customize(this.settings.name(), builder));
		changes.accept(builder);
		return builder.build();
	}

	/**
	 * The client the conversations use, for direct calls.
	 * @return the client
	 */
	public ChatCompletionsClient client() {
		return this.client;
	}

	/**
	 * The connection's settings.
	 * @return the settings
	 */
	public ChatConnectionSettings settings() {
		return this.settings;
	}

}
