package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser that goes away mid-reply stops the model call at once: the app cancels the
 * turn, the library closes the upstream connection, and the model server sees it closed.
 * The model is {@link FakeChatServer}, whose stream never ends by itself (two words, then
 * keep-alive comments), so only the cancellation can close it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.retry.max-attempts=1" })
@AutoConfigureWebTestClient(timeout = "20s")
class DisconnectCancelsUpstreamTests {

	// synthetic
	private static final List<String> PIECES = List.of("Still", " writing");

	private static final FakeChatServer model = new FakeChatServer().reply(FakeChatServer.stream(
			Flux.concat(Flux.just(ProviderStubs.streamStart(PIECES)), FakeChatServer.pings(Duration.ofMillis(50)))));

	private static final ConnectionProvider connections = ConnectionProvider.create("disconnect-tests", 4);

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		registry.add("provider.url", model::baseUrl);
	}

	@AfterAll
	static void stop() {
		connections.dispose();
		model.close();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	@Test
	void whenTheBrowserDisconnectsMidStreamTheModelServerSeesItsConnectionClosedAtOnce() {
		ChatApi api = new ChatApi(this.client);
		String id = api.create();

		StepVerifier.create(new RawClient(this.port, connections).stream(id, null, "Hello"))
			.expectNextMatches((text) -> text.contains("event:delta"))
			.thenCancel()
			.verify(Duration.ofSeconds(10));

		FakeChatServer.Exchange upstream = model.awaitRequest(1, Duration.ofSeconds(5));
		assertThat(upstream.awaitClosed(Duration.ofSeconds(2)))
			.as("the model server saw its connection closed within 2 s of the disconnect")
			.isTrue();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode history = api.messages(id);
			assertThat(history).hasSize(2);
			assertThat(history.path(1).path("incomplete").path("reason").asString()).isEqualTo("cancelled");
		});
		assertThat(model.openConnections()).isZero();
	}

}
