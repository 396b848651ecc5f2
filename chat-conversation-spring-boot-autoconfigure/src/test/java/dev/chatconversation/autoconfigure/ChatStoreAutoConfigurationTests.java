package dev.chatconversation.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationNotFoundException;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.NewConversation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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

}
