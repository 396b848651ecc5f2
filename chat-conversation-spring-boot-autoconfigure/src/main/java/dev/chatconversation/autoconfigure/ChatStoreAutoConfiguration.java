package dev.chatconversation.autoconfigure;

import javax.sql.DataSource;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.JdbcConversationStore;
import dev.chatconversation.store.RedisConversationStore;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the conversation store that
 * {@code ChatConversationFactory.createConversation} and {@code openConversation} use:
 * {@code chat.store.type} picks it (in memory by default), and an application's own
 * {@link ConversationStore} bean replaces it.
 *
 * <p>
 * {@code redis} uses the application's Redis connection ({@code spring.data.redis.*},
 * Boot's Lettuce {@link LettuceConnectionFactory}): the store opens one connection from
 * its client and closes it when the context closes.
 */
@AutoConfiguration(before = ChatAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisClient.class, LettuceConnectionFactory.class })
	@ConditionalOnProperty(name = "chat.store.type", havingValue = "redis")
	static class RedisStoreConfiguration {

		// closed by chatConversationStoreCloser, before the connection factory stops
		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		ConversationStore chatConversationStore(ChatStoreProperties properties,
				LettuceConnectionFactory connectionFactory) {
			AbstractRedisClient client = connectionFactory.getNativeClient();
			if (!(client instanceof RedisClient redisClient)) {
				throw new InvalidChatPropertiesException("chat.store.type", "redis",
						"the Redis store needs a standalone or Sentinel Redis, and spring.data.redis.* configures "
								+ client.getClass().getSimpleName(),
						"Point spring.data.redis.* at a standalone or Sentinel Redis, or choose another chat.store.type.");
			}
			return RedisConversationStore.builder(redisClient).keyPrefix(properties.getRedis().getKeyPrefix()).build();
		}

		@Bean
		@ConditionalOnBean(value = ConversationStore.class, name = "chatConversationStore")
		ConversationStoreCloser chatConversationStoreCloser(ConversationStore chatConversationStore) {
			return new ConversationStoreCloser(
					(chatConversationStore instanceof AutoCloseable closeable) ? closeable : () -> {
					});
		}

	}

}
