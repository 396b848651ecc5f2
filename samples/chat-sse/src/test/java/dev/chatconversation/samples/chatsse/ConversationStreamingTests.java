package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.chatconversation.samples.chatsse.ChatApi.deltaText;
import static dev.chatconversation.samples.chatsse.ChatApi.errorMessage;
import static dev.chatconversation.samples.chatsse.ProviderStubs.PATH;
import static dev.chatconversation.samples.chatsse.ProviderStubs.heldStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.requestBodies;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.syntheticStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens while a reply is streaming: a second message, the client going away, the
 * conversation being deleted. The provider holds the second half of its stream back, so
 * the reply is still running when the test acts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.retry.max-attempts=1" })
@AutoConfigureWebTestClient(timeout = "20s")
class ConversationStreamingTests {

	// synthetic
	private static final List<String> PIECES = List.of("One", " two", " three", " four", " five", " six", " seven",
			" eight", " nine", " ten", " eleven", " twelve.");

	private static final String HELD = "held";

	@RegisterExtension
	static final WireMockExtension provider = ChatWireMock.extension();

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		registry.add("provider.url", () -> provider.baseUrl() + "/v1");
	}

	@Autowired
	private WebTestClient client;

	private ChatApi api;

	@BeforeEach
	void api() {
		this.api = new ChatApi(this.client);
	}

	/** The first reply is held back for a while; the next ones come at once. */
	private void stubHeldThenQuick(int holdMillis) {
		provider.stubFor(post(PATH).inScenario(HELD)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(heldStream(PIECES, holdMillis))
			.willSetStateTo("answered"));
		provider.stubFor(post(PATH).inScenario(HELD)
			.whenScenarioStateIs("answered")
			.willReturn(stream(syntheticStream(List.of("Quick", " answer.")))));
	}

	@Test
	void aSecondMessageWhileAReplyIsStreamingIs409AndTheFirstReplyCompletes() {
		stubHeldThenQuick(2000);
		String id = this.api.create();
		List<ChatApi.Event> first = new ArrayList<>();

		StepVerifier.create(this.api.send(id, "First")).assertNext((event) -> {
			assertThat(event.name()).isEqualTo("delta");
			assertThat(errorMessage(this.api.post(id, Map.of("content", "Second")), 409))
				.contains("still being written");
			first.add(event);
		}).recordWith(() -> first).thenConsumeWhile((event) -> true).verifyComplete();

		assertThat(first.get(first.size() - 1).name()).isEqualTo("done");
		assertThat(deltaText(first)).isEqualTo(String.join("", PIECES));
		JsonNode history = this.api.messages(id);
		assertThat(history).hasSize(2);
		assertThat(history.path(0).path("content").asString()).isEqualTo("First");
		assertThat(requestBodies(provider)).hasSize(1);
		// the conversation takes the next message at once
		assertThat(deltaText(this.api.reply(id, "Second"))).isEqualTo("Quick answer.");
	}

	@Test
	void whenTheClientGoesAwayTheTurnIsCancelledAndThePartialReplyKept() {
		stubHeldThenQuick(3000);
		String id = this.api.create();

		StepVerifier.create(this.api.send(id, "First"))
			.assertNext((event) -> assertThat(event.name()).isEqualTo("delta"))
			.thenCancel()
			.verify(Duration.ofSeconds(10));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode history = this.api.messages(id);
			assertThat(history).hasSize(2);
			assertThat(history.path(1).path("incomplete").path("reason").asString()).isEqualTo("cancelled");
			assertThat(String.join("", PIECES)).startsWith(history.path(1).path("content").asString());
		});
		assertThat(deltaText(this.api.reply(id, "Second"))).isEqualTo("Quick answer.");
	}

	@Test
	void deletingAConversationWhileItStreamsEndsTheStreamWithAnErrorEvent() {
		stubHeldThenQuick(3000);
		String id = this.api.create();
		List<ChatApi.Event> events = new ArrayList<>();

		StepVerifier.create(this.api.send(id, "First")).assertNext((event) -> {
			this.client.delete().uri("/api/conversations/{id}", id).exchange().expectStatus().isNoContent();
			events.add(event);
		}).recordWith(() -> events).thenConsumeWhile((event) -> true).expectComplete().verify(Duration.ofSeconds(5));

		ChatApi.Event last = events.get(events.size() - 1);
		assertThat(last.name()).isEqualTo("error");
		assertThat(last.data().path("message").asString()).contains("deleted");
		errorMessage(this.client.get().uri("/api/conversations/{id}/messages", id).exchange(), 404);
	}

}
