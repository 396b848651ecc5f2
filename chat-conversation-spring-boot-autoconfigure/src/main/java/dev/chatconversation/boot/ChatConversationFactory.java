package dev.chatconversation.boot;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.tool.ChatTool;

/**
 * Makes new conversations for one connection. A conversation is stateful (one per user or
 * chat), so applications inject this factory, a singleton, and ask it for a conversation
 * whenever a chat starts.
 *
 * <p>
 * Conversations get the application's tools ({@link ChatToolMethod} methods, in the
 * {@link ChatToolRegistry}): all of them by default ({@code chat.tools.enabled=true}), or
 * those named with {@link #newConversationWithTools(String...)}.
 */
public final class ChatConversationFactory {

	private final ChatConnectionSettings settings;

	private final ChatCompletionsClient client;

	private final List<ChatConversationCustomizer> customizers;

	private final Supplier<ChatToolRegistry> tools;

	private final boolean offerAllTools;

	/**
	 * Creates a factory whose conversations have no tools unless customizers add them.
	 * @param settings the connection's settings (request defaults, system prompt)
	 * @param client the client conversations use
	 * @param customizers applied, in order, to every new conversation
	 */
	public ChatConversationFactory(ChatConnectionSettings settings, ChatCompletionsClient client,
			List<ChatConversationCustomizer> customizers) {
		this(settings, client, customizers, ChatToolRegistry::empty, false);
	}

	/**
	 * Creates a factory with the application's tools.
	 * @param settings the connection's settings (request defaults, system prompt)
	 * @param client the client conversations use
	 * @param customizers applied, in order, to every new conversation
	 * @param tools the registry of tools, looked up when a conversation is made (the
	 * starter fills it once every singleton exists)
	 * @param offerAllTools whether {@link #newConversation()} gives every tool of the
	 * registry
	 */
	public ChatConversationFactory(ChatConnectionSettings settings, ChatCompletionsClient client,
			List<ChatConversationCustomizer> customizers, Supplier<ChatToolRegistry> tools, boolean offerAllTools) {
		this.settings = settings;
		this.client = client;
		this.customizers = List.copyOf(customizers);
		this.tools = tools;
		this.offerAllTools = offerAllTools;
	}

	/**
	 * A new, empty conversation (apart from the configured system prompt), with every
	 * registered tool when {@code chat.tools.enabled} is {@code true} (the default).
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
		return newConversation(this.offerAllTools ? this.tools.get().all() : List.of(), changes);
	}

	/**
	 * A new conversation with only the registered tools of the given names, whatever
	 * {@code chat.tools.enabled} says.
	 * @param toolNames the names of {@link ChatToolMethod} tools
	 * @return the conversation
	 * @throws IllegalArgumentException if a name is not registered
	 */
	public ChatCompletionsConversation newConversationWithTools(String... toolNames) {
		return newConversationWithTools(List.of(toolNames), (builder) -> {
		});
	}

	/**
	 * A new conversation with only the registered tools of the given names, and changes
	 * applied after the configured ones.
	 * @param toolNames the names of {@link ChatToolMethod} tools
	 * @param changes changes to the conversation builder
	 * @return the conversation
	 * @throws IllegalArgumentException if a name is not registered
	 */
	public ChatCompletionsConversation newConversationWithTools(List<String> toolNames,
			Consumer<ChatCompletionsConversation.Builder> changes) {
		return newConversation(this.tools.get().named(toolNames), changes);
	}

	/**
	 * The application's tools, from which conversations take theirs.
	 * @return the registry
	 */
	public ChatToolRegistry tools() {
		return this.tools.get();
	}

	private ChatCompletionsConversation newConversation(List<ChatTool> tools,
			Consumer<ChatCompletionsConversation.Builder> changes) {
		ChatCompletionsConversation.Builder builder = ChatCompletionsConversation.builder()
			.client(this.client)
			.requestDefaults(this.settings.requestDefaults())
			.tools(tools);
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
