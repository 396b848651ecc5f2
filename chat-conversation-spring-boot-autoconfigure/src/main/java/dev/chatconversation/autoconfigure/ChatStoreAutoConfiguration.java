package dev.chatconversation.autoconfigure;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the conversation store that
 * {@code ChatConversationFactory.createConversation} and {@code openConversation} use:
 * {@code chat.store.type} picks it (in memory by default), and an application's own
 * {@link ConversationStore} bean replaces it.
 */
@AutoConfiguration(before = ChatAutoConfiguration.class)
@ConditionalOnClass(ConversationStore.class)
@EnableConfigurationProperties(ChatStoreProperties.class)
public final class ChatStoreAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "chat.store.type", havingValue = "memory", matchIfMissing = true)
	static class MemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConversationStore chatConversationStore() {
			return new InMemoryConversationStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "chat.store.type", havingValue = "file")
	static class FileStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConversationStore chatConversationStore(ChatStoreProperties properties) {
			return new FileConversationStore(properties.getFile().getDirectory());
		}

	}

}
