package dev.chatconversation.autoconfigure;

import javax.sql.DataSource;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.JdbcConversationStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the conversation store that
 * {@code ChatConversationFactory.createConversation} and {@code openConversation} use:
 * {@code chat.store.type} picks it (in memory by default), and an application's own
 * {@link ConversationStore} bean replaces it.
 */
@AutoConfiguration(before = ChatAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EmbeddedDatabaseConnection.class)
	@ConditionalOnProperty(name = "chat.store.type", havingValue = "jdbc")
	static class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConversationStore chatConversationStore(ChatStoreProperties properties,
				ObjectProvider<DataSource> dataSources) {
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new InvalidChatPropertiesException("chat.store.type", "jdbc",
						"the JDBC store needs the application's DataSource, and there is none (or several)",
						"Add spring-boot-starter-jdbc and a JDBC driver, and set spring.datasource.url.");
			}
			ChatStoreProperties.Jdbc jdbc = properties.getJdbc();
			JdbcConversationStore store = JdbcConversationStore.builder(dataSource)
				.tablePrefix(jdbc.getTablePrefix())
				.build();
			if (jdbc.getInitializeSchema() == ChatStoreProperties.SchemaInitialization.ALWAYS
					|| jdbc.getInitializeSchema() == ChatStoreProperties.SchemaInitialization.EMBEDDED
							&& EmbeddedDatabaseConnection.isEmbedded(dataSource)) {
				store.initializeSchema();
			}
			return store;
		}

	}

}
