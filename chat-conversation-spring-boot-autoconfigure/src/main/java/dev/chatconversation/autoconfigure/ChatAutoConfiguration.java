package dev.chatconversation.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of chat-conversation: a {@link ChatCompletionsClient} and a
 * {@link ChatConversationFactory} for {@code chat.*} (when {@code chat.base-url} or
 * {@code chat.provider} is set), the same for each {@code chat.connections.<name>}, and a
 * {@link ChatConnections} registry. Clients start from Spring Boot's
 * {@link WebClient.Builder}, so its customizers, codecs and observations apply.
 *
 * <p>
 * When named connections or {@code chat.fallback-models} are configured, the default
 * client is a {@link dev.chatconversation.client.routing.RoutingChatCompletionsClient}: a
 * model written {@code <name>/<model>} goes to that connection, and fallback models are
 * tried when a model fails before answering.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass({ ChatCompletionsClient.class, WebClient.class })
@EnableConfigurationProperties({ ChatProperties.class, ChatContextProperties.class })
@Import(NamedChatConnectionsRegistrar.class)
public final class ChatAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(DefaultConnectionCondition.class)
	ChatCompletionsClient chatCompletionsClient(ChatProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ChatCompletionsClientCustomizer> customizers, ListableBeanFactory beanFactory) {
		ChatPropertiesMapper mapper = new ChatPropertiesMapper(properties);
		ChatConnectionSettings settings = mapper.defaultConnection();
		ChatCompletionsClient client = ChatConnectionBeans.client(settings, webClientBuilder, customizers);
		return ChatModelRouting.defaultClient(mapper, settings, client, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(ChatCompletionsClient.class)
	ChatConversationFactory chatConversationFactory(ChatProperties properties, ChatCompletionsClient client,
			ObjectProvider<ChatConversationCustomizer> customizers, ListableBeanFactory beanFactory) {
		return ChatConnectionBeans.factory(new ChatPropertiesMapper(properties).conversationDefaults(), client,
				customizers, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	ChatContextCustomizer chatContextCustomizer(ChatContextProperties properties) {
		return new ChatContextCustomizer(properties.toContextWindow());
	}

	@Bean
	@ConditionalOnMissingBean
	ChatConnections chatConnections(ChatProperties properties, ObjectProvider<ChatConversationFactory> defaultFactory,
			ListableBeanFactory beanFactory) {
		Map<String, ChatConversationFactory> factories = new LinkedHashMap<>();
		defaultFactory.ifUnique((factory) -> factories.put(ChatConnectionSettings.DEFAULT, factory));
		for (String name : properties.getConnections().keySet()) {
			factories.put(name, beanFactory.getBean(name + "ChatConversationFactory", ChatConversationFactory.class));
		}
		return new ChatConnections(factories);
	}

	/**
	 * Masks the API keys and header values of {@code chat.*} in the actuator
	 * {@code configprops} and {@code env} endpoints, also when they are set to show
	 * values: Spring Boot masks nothing by key name on its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ActuatorSanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "chatSanitizingFunction")
		SanitizingFunction chatSanitizingFunction() {
			return (data) -> isSecret(data.getKey()) ? data.withSanitizedValue() : data;
		}

		/**
		 * Whether a key, in property form ({@code chat.connections.x.api-key}), bean form
		 * ({@code chat.connections.x.apiKey}) or environment form
		 * ({@code CHAT_CONNECTIONS_X_API_KEY}), holds an API key or a header value, which
		 * may be a credential such as Azure's {@code api-key} or an
		 * {@code Authorization}, or the password of a proxy.
		 */
		static boolean isSecret(String key) {
			String name = key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
			if (!name.startsWith("chat.")) {
				return false;
			}
			return name.endsWith(".apikey") || name.endsWith(".api.key") || name.contains(".headers.")
					|| name.contains(".extraheaders.") || name.endsWith(".proxy.password");
		}

	}

}
