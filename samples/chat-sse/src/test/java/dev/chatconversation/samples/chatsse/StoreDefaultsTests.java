package dev.chatconversation.samples.chatsse;

import java.nio.file.Path;
import java.util.List;

import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app as it starts by default, offline: the demo model, chats in a folder of files,
 * no Redis or database connection attempted (both drivers are on the classpath), healthy,
 * and the chats still there after a restart.
 */
class StoreDefaultsTests {

	@Test
	void byDefaultTheAppStartsOfflineOnTheFileStoreAndItsChatsSurviveARestart(@TempDir Path folder) {
		String id;
		try (ConfigurableApplicationContext app = start(folder)) {
			assertThat(app.getBean(ConversationStore.class)).isInstanceOf(FileConversationStore.class);
			assertThat(app.getBeanNamesForType(org.springframework.data.redis.connection.RedisConnectionFactory.class))
				.isEmpty();
			assertThat(app.getBeanNamesForType(javax.sql.DataSource.class)).isEmpty();
			WebTestClient client = client(app);
			client.get()
				.uri("/actuator/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
			ChatApi api = new ChatApi(client);
			id = api.create();
			assertThat(ChatApi.deltaText(api.reply(id, "Remember me"))).contains("You said");
		}
		assertThat(folder.resolve("conversations")).isNotEmptyDirectory();

		try (ConfigurableApplicationContext restarted = start(folder)) {
			assertThat(new ChatApi(client(restarted)).messages(id)
				.valueStream()
				.map((message) -> message.path("role").asString())
				.toList()).isEqualTo(List.of("user", "assistant"));
		}
	}

	private static ConfigurableApplicationContext start(Path folder) {
		return new SpringApplicationBuilder(ChatSseApplication.class).run("--server.port=0",
				"--chat.store.file.directory=" + folder.resolve("conversations"), "--spring.main.banner-mode=off");
	}

	private static WebTestClient client(ConfigurableApplicationContext app) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
			.defaultCookie(ClientCookie.NAME, "storeDefaultsClient001")
			.build();
	}

}
