package dev.chatconversation.boot;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.StoreSettings;
import dev.chatconversation.tool.ChatTool;
import org.jspecify.annotations.Nullable;

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

	private final Supplier<? extends @Nullable ConversationStore> store;

	private final StoreSettings storeSettings;

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
		this(settings, client, customizers, tools, offerAllTools, () -> null, StoreSettings.DEFAULTS);
	}

	private ChatConversationFactory(ChatConnectionSettings settings, ChatCompletionsClient client,
			List<ChatConversationCustomizer> customizers, Supplier<ChatToolRegistry> tools, boolean offerAllTools,
			Supplier<? extends @Nullable ConversationStore> store, StoreSettings storeSettings) {
		this.settings = settings;
		this.client = client;
		this.customizers = List.copyOf(customizers);
		this.tools = tools;
		this.offerAllTools = offerAllTools;
		this.store = store;
		this.storeSettings = storeSettings;
	}

	/**
	 * A copy of this factory whose {@code createConversation} and
	 * {@code openConversation} keep conversations in the given store.
	 * @param store the store, looked up when a conversation is made (the starter's
	 * {@code chat.store.*} bean)
	 * @param storeSettings how stored turns hold leases and checkpoint
	 * @return the copy
	 */
	public ChatConversationFactory withStore(Supplier<? extends @Nullable ConversationStore> store,
			StoreSettings storeSettings) {
		return new ChatConversationFactory(this.settings, this.client, this.customizers, this.tools, this.offerAllTools,
				store, storeSettings);
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

	/**
	 * A new conversation kept in the store ({@code chat.store.*}), with a random id, the
	 * configured system prompt and every registered tool when {@code chat.tools.enabled}
	 * is {@code true}. Blocks on the store: call it where blocking is allowed (a
	 * {@code Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())} in a
	 * WebFlux handler).
	 * @return the conversation; {@link ChatCompletionsConversation#id()} is its id
	 * @throws IllegalStateException if the factory has no store
	 */
	public ChatCompletionsConversation createConversation() {
		return createConversation(NewConversation.create(), (builder) -> {
		});
	}

	/**
	 * A new conversation kept in the store, with changes applied after the configured
	 * ones. Blocks on the store.
	 * @param conversation its id (or {@code null} for a random one), owner, title, model
	 * and first messages (the configured system prompt when it has none)
	 * @param changes changes to the conversation builder
	 * @return the conversation
	 * @throws IllegalStateException if the factory has no store
	 * @throws dev.chatconversation.store.ConversationConflictException if the id exists
	 */
	public ChatCompletionsConversation createConversation(NewConversation conversation,
			Consumer<ChatCompletionsConversation.Builder> changes) {
		return storedBuilder(changes).create(conversation);
	}

	/**
	 * A conversation the store holds, with its stored history, the configured settings
	 * and tools (its system prompt is the stored one). Blocks on the store.
	 * @param id the conversation's id
	 * @return the conversation
	 * @throws IllegalStateException if the factory has no store
	 * @throws dev.chatconversation.store.ConversationNotFoundException if there is no
	 * such conversation
	 */
	public ChatCompletionsConversation openConversation(String id) {
		return openConversation(id, (builder) -> {
		});
	}

	/**
	 * A conversation the store holds, with changes applied after the configured ones.
	 * Blocks on the store.
	 * @param id the conversation's id
	 * @param changes changes to the conversation builder
	 * @return the conversation
	 * @throws IllegalStateException if the factory has no store
	 * @throws dev.chatconversation.store.ConversationNotFoundException if there is no
	 * such conversation
	 */
	public ChatCompletionsConversation openConversation(String id,
			Consumer<ChatCompletionsConversation.Builder> changes) {
		return storedBuilder(changes).open(id);
	}

	/**
	 * The store of {@code createConversation} and {@code openConversation}.
	 * @return the store
	 * @throws IllegalStateException if the factory has no store
	 */
	public ConversationStore store() {
		ConversationStore conversationStore = this.store.get();
		if (conversationStore == null) {
			throw new IllegalStateException(
					"This conversation factory has no conversation store: set chat.store.type, or define a"
							+ " ConversationStore bean");
		}
		return conversationStore;
	}

	private ChatCompletionsConversation.Builder storedBuilder(Consumer<ChatCompletionsConversation.Builder> changes) {
		ConversationStore conversationStore = store();
		return builder(this.offerAllTools ? this.tools.get().all() : List.of(), (builder) -> {
			builder.store(conversationStore).storeSettings(this.storeSettings);
			changes.accept(builder);
		});
	}

	private ChatCompletionsConversation newConversation(List<ChatTool> tools,
			Consumer<ChatCompletionsConversation.Builder> changes) {
		return builder(tools, changes).build();
	}

	private ChatCompletionsConversation.Builder builder(List<ChatTool> tools,
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
		return builder;
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
