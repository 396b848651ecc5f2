package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The factory methods of the beans of a named connection, which
 * {@link NamedChatConnectionsRegistrar} registers by connection name: each maps the bound
 * {@link ChatProperties} again rather than capturing settings in a supplier, which Spring
 * AOT could not write as code.
 */
final class NamedChatConnectionBeans {

	private NamedChatConnectionBeans() {
	}

	static String clientName(String connection) {
		return connection + "ChatCompletionsClient";
	}

	static String factoryName(String connection) {
		return connection + "ChatConversationFactory";
	}

	static ChatCompletionsClient client(String connection, ChatProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ChatCompletionsClientCustomizer> customizers) {
		return ChatConnectionBeans.client(settings(connection, properties), webClientBuilder, customizers);
	}

	static ChatConversationFactory factory(String connection, ChatProperties properties, BeanFactory beanFactory,
			ObjectProvider<ChatConversationCustomizer> customizers) {
		ChatCompletionsClient client = beanFactory.getBean(clientName(connection), ChatCompletionsClient.class);
		return ChatConnectionBeans.factory(settings(connection, properties), client, customizers, beanFactory);
	}

	private static ChatConnectionSettings settings(String connection, ChatProperties properties) {
		ChatConnectionSettings settings = new ChatPropertiesMapper(properties).namedConnections().get(connection);
		if (settings == null) {
			throw new IllegalStateException("No chat connection named '" + connection + "' is configured");
		}
		return settings;
	}

}
