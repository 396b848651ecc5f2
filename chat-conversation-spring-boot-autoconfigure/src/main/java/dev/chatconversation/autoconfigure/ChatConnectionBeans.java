package dev.chatconversation.autoconfigure;

import java.util.List;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatToolRegistry;
import dev.chatconversation.client.ChatCompletionsClient;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.StoreSettings;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the beans of one connection the same way for the default and the named
 * connections.
 */
final class ChatConnectionBeans {

	private ChatConnectionBeans() {
	}

	static ChatCompletionsClient client(ChatConnectionSettings settings,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ChatCompletionsClientCustomizer> customizers) {
		ChatCompletionsClient.Builder builder = settings
			.clientBuilder(webClientBuilder.getIfAvailable(WebClient::builder));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(settings.name(), builder));
		return builder.build();
	}

	static ChatConversationFactory factory(ChatConnectionSettings settings, ChatCompletionsClient client,
			ObjectProvider<ChatConversationCustomizer> customizers, BeanFactory beanFactory) {
		List<ChatConversationCustomizer> ordered = customizers.orderedStream().toList();
		ObjectProvider<ChatToolRegistry> tools = beanFactory.getBeanProvider(ChatToolRegistry.class);
		ChatToolsProperties toolsProperties = beanFactory.getBeanProvider(ChatToolsProperties.class).getIfAvailable();
		ObjectProvider<ConversationStore> store = beanFactory.getBeanProvider(ConversationStore.class);
		ChatStoreProperties storeProperties = beanFactory.getBeanProvider(ChatStoreProperties.class).getIfAvailable();
		return new ChatConversationFactory(settings, client, ordered,
				() -> tools.getIfAvailable(ChatToolRegistry::empty),
				toolsProperties != null && toolsProperties.isEnabled())
			.withStore(store::getIfUnique,
					(storeProperties != null) ? storeProperties.toStoreSettings() : StoreSettings.DEFAULTS);
	}

}
