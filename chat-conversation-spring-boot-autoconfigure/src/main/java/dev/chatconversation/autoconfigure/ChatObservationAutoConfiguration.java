package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.observation.ChatClientObservationConvention;
import dev.chatconversation.observation.ChatObservationMeterHandler;
import dev.chatconversation.observation.ConversationObservationConvention;
import dev.chatconversation.observation.DefaultChatClientObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the observations of chat-conversation: every client and
 * conversation the starter builds is observed with the context's
 * {@link ObservationRegistry} when there is one ({@code gen_ai.client.operation},
 * {@code gen_ai.conversation.turn}), and with a {@link MeterRegistry} its token usage and
 * time to first chunk become meters. Message content is left out unless
 * {@code chat.observations.include-content} is set.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ ChatCompletionsClient.class, ObservationRegistry.class })
@EnableConfigurationProperties(ChatObservationProperties.class)
public final class ChatObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "chatObservationClientCustomizer")
	ChatCompletionsClientCustomizer chatObservationClientCustomizer(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ChatClientObservationConvention> convention, ChatObservationProperties properties) {
		return (connectionName,
				builder) -> registry.ifUnique((observations) -> builder.observationRegistry(observations)
					.observationConvention(convention
						.getIfUnique(() -> new DefaultChatClientObservationConvention(properties.isIncludeContent()))));
	}

	@Bean
	@ConditionalOnMissingBean(name = "chatObservationConversationCustomizer")
	ChatConversationCustomizer chatObservationConversationCustomizer(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ConversationObservationConvention> convention) {
		return (connectionName, builder) -> registry
			.ifUnique((observations) -> builder.observationRegistry(observations)
				.observationConvention(convention.getIfUnique()));
	}

	/**
	 * Records token usage and time to first chunk as meters when there is a
	 * {@link MeterRegistry}; Spring Boot registers the handler with the
	 * {@link ObservationRegistry}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class ChatObservationMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ChatObservationMeterHandler chatObservationMeterHandler(MeterRegistry meterRegistry) {
			return new ChatObservationMeterHandler(meterRegistry);
		}

	}

}
