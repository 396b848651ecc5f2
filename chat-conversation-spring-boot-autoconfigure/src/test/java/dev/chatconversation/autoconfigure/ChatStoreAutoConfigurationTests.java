package dev.chatconversation.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationNotFoundException;
import javax.sql.DataSource;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.ConversationStoreException;
import dev.chatconversation.store.JdbcConversationStore;
import org.h2.jdbcx.JdbcDataSource;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.RedisConversationStore;
import dev.chatconversation.testfixture.StoreServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ChatStoreAutoConfiguration}: which store {@code chat.store.*} makes,
 * and the factory's stored conversations.
 */
class ChatStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatStoreAutoConfiguration.class, ChatAutoConfiguration.class))
		.withPropertyValues("chat.base-url=http://127.0.0.1:9/v1", "chat.model=gpt-4o", "chat.system-prompt=Be brief.");

	@Test
	void byDefaultConversationsAreKeptInMemoryAndTheFactoryCreatesAndOpensThem() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean(ConversationStore.class).isInstanceOf(InMemoryConversationStore.class);
			ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);

			ChatCompletionsConversation created = factory
				.createConversation(NewConversation.create().withOwner("alice"), (builder) -> {
				});
			created.appendUserMessage("Hi");
			ChatCompletionsConversation opened = factory.openConversation(created.id());

			assertThat(opened.messages()).containsExactly(Message.system("Be brief."), Message.user("Hi"));
			ConversationStore store = context.getBean(ConversationStore.class);
			assertThat(store.load(created.id()).record().owner()).isEqualTo("alice");
			assertThat(store.load(created.id()).record().model()).isEqualTo("gpt-4o");
			assertThat(factory.createConversation().id()).isNotEqualTo(created.id());
			assertThat(factory.newConversation().id()).isNull();
			assertThatExceptionOfType(ConversationNotFoundException.class)
				.isThrownBy(() -> factory.openConversation("missing"));
		});
	}

	@Test
	void theFileStoreKeepsConversationsInTheConfiguredFolderAcrossRestarts(@TempDir Path folder) {
		ApplicationContextRunner fileStore = this.contextRunner.withPropertyValues("chat.store.type=file",
				"chat.store.file.directory=" + folder);
		String[] id = new String[1];
		fileStore.run((context) -> {
			assertThat(context).getBean(ConversationStore.class).isInstanceOf(FileConversationStore.class);
			ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class)
				.createConversation();
			conversation.appendUserMessage("Remember me");
			id[0] = conversation.id();
		});
		fileStore.run((context) -> assertThat(
				context.getBean(ChatConversationFactory.class).openConversation(id[0]).messages())
			.containsExactly(Message.system("Be brief."), Message.user("Remember me")));
	}

	@Test
	void theJdbcStoreUsesTheApplicationsDataSourceAndCreatesItsTablesOnAnEmbeddedDatabase() {
		this.contextRunner.withPropertyValues("chat.store.type=jdbc")
			.withBean(DataSource.class, () -> h2("embedded"))
			.run((context) -> {
				assertThat(context).getBean(ConversationStore.class).isInstanceOf(JdbcConversationStore.class);
				ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
				ChatCompletionsConversation conversation = factory.createConversation();
				conversation.appendUserMessage("Kept in H2");
				assertThat(factory.openConversation(conversation.id()).messages())
					.containsExactly(Message.system("Be brief."), Message.user("Kept in H2"));
			});
	}

	@Test
	void theJdbcStoreLeavesTheSchemaAloneWhenToldNever() {
		this.contextRunner.withPropertyValues("chat.store.type=jdbc", "chat.store.jdbc.initialize-schema=never")
			.withBean(DataSource.class, () -> h2("never"))
			.run((context) -> assertThatExceptionOfType(ConversationStoreException.class)
				.isThrownBy(() -> context.getBean(ChatConversationFactory.class).createConversation()));
	}

	@Test
	void theJdbcStoreCreatesItsTablesOnPostgresqlWhenToldAlways() throws Exception {
		String prefix = "chat_boot_" + Long.toHexString(System.nanoTime()) + "_";
		PGSimpleDataSource postgres = new PGSimpleDataSource();
		postgres.setURL(StoreServers.postgresUrl());
		postgres.setUser(StoreServers.postgresUser());
		try {
			this.contextRunner
				.withPropertyValues("chat.store.type=jdbc", "chat.store.jdbc.initialize-schema=always",
						"chat.store.jdbc.table-prefix=" + prefix)
				.withBean(DataSource.class, () -> postgres)
				.run((context) -> {
					ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
					String id = factory.createConversation().id();
					assertThat(factory.openConversation(id).messages()).containsExactly(Message.system("Be brief."));
				});
		}
		finally {
			try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + prefix + "messages");
				statement.execute("DROP TABLE IF EXISTS " + prefix + "conversations");
			}
		}
	}

	@Test
	void theJdbcStoreWithoutADataSourceFailsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("chat.store.type=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidChatPropertiesException.class)
				.hasMessageContaining("chat.store.type");
		});
	}

	private static DataSource h2(String name) {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		return h2;
	}

	@Test
	void anApplicationsOwnStoreReplacesTheConfiguredOne() {
		ConversationStore own = new InMemoryConversationStore();
		this.contextRunner.withBean(ConversationStore.class, () -> own).run((context) -> {
			assertThat(context).getBean(ConversationStore.class).isSameAs(own);
			String id = context.getBean(ChatConversationFactory.class).createConversation().id();
			assertThat(own.load(id).messages()).containsExactly(Message.system("Be brief."));
		});
	}

	@Test
	void aCheckpointIntervalNotShorterThanTheLeaseFailsTheStartWithTheProperty() {
		this.contextRunner.withPropertyValues("chat.store.lease-duration=2s", "chat.store.checkpoint-interval=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidChatPropertiesException.class)
					.hasMessageContaining("chat.store.checkpoint-interval");
			});
	}

	@Test
	void theStorePropertiesBindWithTheirDefaults() {
		this.contextRunner.withPropertyValues("chat.store.lease-duration=10s").run((context) -> {
			ChatStoreProperties properties = context.getBean(ChatStoreProperties.class);
			assertThat(properties.getType()).isEqualTo(ChatStoreProperties.StoreType.MEMORY);
			assertThat(properties.toStoreSettings().leaseDuration()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.toStoreSettings().checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.getFile().getDirectory()).hasToString("data/conversations");
			assertThat(properties.getJdbc().getInitializeSchema())
				.isEqualTo(ChatStoreProperties.SchemaInitialization.EMBEDDED);
			assertThat(properties.getRedis().getKeyPrefix()).isEqualTo("chat:");
			assertThat(List.of(properties.getJdbc().getTablePrefix())).containsExactly("chat_");
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theRedisStoreUsesTheApplicationsRedisConnectionAndKeyPrefixAndClosesItsConnectionOnShutdown(
			CapturedOutput output) {
		String prefix = "chat-autoconfig-" + UUID.randomUUID() + ":";
		ApplicationContextRunner redisStore = redisStore(StoreServers.redisUrl(), prefix);
		String[] id = new String[1];
		ConversationStore[] store = new ConversationStore[1];
		redisStore.run((context) -> {
			assertThat(context).hasNotFailed();
			store[0] = context.getBean(ConversationStore.class);
			assertThat(store[0]).isInstanceOf(RedisConversationStore.class)
				.hasToString("RedisConversationStore[prefix '" + prefix + "']");
			ChatCompletionsConversation conversation = context.getBean(ChatConversationFactory.class)
				.createConversation();
			conversation.appendUserMessage("Kept in Redis");
			id[0] = conversation.id();
		});
		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> store[0].load(id[0]))
			.withMessageContaining("The Redis conversation store is closed");
		// closed before the connection factory, not after it closed the connection
		assertThat(output).doesNotContain("Connection is already closed");
		try (RedisClient client = RedisClient.create(StoreServers.redisUrl());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().keys(prefix + "*")).isNotEmpty();
			ConversationStore direct = RedisConversationStore.builder(connection).keyPrefix(prefix).build();
			assertThat(direct.load(id[0]).messages()).containsExactly(Message.system("Be brief."),
					Message.user("Kept in Redis"));
			assertThat(direct.delete(id[0])).isTrue();
		}
	}

	@Test
	void withoutLettuceTheRedisTypeMakesNoStore() {
		redisStore("redis://127.0.0.1:9", "unused:").withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConversationStore.class));
	}

	private ApplicationContextRunner redisStore(String url, String prefix) {
		return this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("chat.store.type=redis", "spring.data.redis.url=" + url,
					"chat.store.redis.key-prefix=" + prefix);
	}

}
