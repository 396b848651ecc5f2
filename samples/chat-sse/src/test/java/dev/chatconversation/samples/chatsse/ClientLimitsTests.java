package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.testfixture.FakeChatServer;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.resources.ConnectionProvider;
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
 * The per-client rate limit on turns and the caps on reply streams, with small limits.
 * The app is told it runs behind a trusted proxy, so that each test is a client of its
 * own, named by the last address of {@code X-Forwarded-For} (the first one, which the
 * client wrote, is always the same and ignored). The model's stream never ends by itself,
 * so a stream stays open until the test drops it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.retry.max-attempts=1", "chat-sse.limits.behind-proxy=true", "chat-sse.limits.turn-burst=3",
				"chat-sse.limits.turns-per-minute=1", "chat-sse.limits.max-streams=2",
				"chat-sse.limits.max-streams-per-client=1" })
@AutoConfigureWebTestClient(timeout = "20s")
class ClientLimitsTests {

	private static final FakeChatServer model = new FakeChatServer()
		.reply(FakeChatServer.stream(Flux.concat(Flux.just(ProviderStubs.streamStart(List.of("Still", " writing"))),
				FakeChatServer.pings(Duration.ofMillis(50)))));

	private static final ConnectionProvider connections = ConnectionProvider.create("limits-tests", 16);

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

	@Autowired
	private TurnLimits limits;

	private RawClient raw;

	private ChatApi api;

	@BeforeEach
	void clients() {
		this.raw = new RawClient(this.port, connections);
		this.api = new ChatApi(this.client);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.limits.streams().open() == 0);
	}

	@Test
	void aClientPastItsBurstOfTurnsGets429WithRetryAfterAndAProblemWhileOthersGoOn() {
		String unknown = "/api/conversations/unknown/messages";
		for (int turn = 0; turn < 3; turn++) {
			assertThat(this.raw.json(HttpMethod.POST, unknown, "198.51.100.1", "{\"content\": \"Hi\"}").block())
				.extracting(RawClient.Answer::status)
				.isEqualTo(404);
		}

		RawClient.Answer refused = this.raw.json(HttpMethod.POST, unknown, "198.51.100.1", "{\"content\": \"Hi\"}")
			.block();

		assertThat(refused.status()).isEqualTo(429);
		// one token a minute: the next one is 20 s to 60 s away
		assertThat(Integer.parseInt(refused.headers().get("Retry-After"))).isBetween(20, 60);
		JsonNode problem = problem(refused, 429);
		assertThat(problem.path("detail").asString()).startsWith("Too many messages: wait ");
		assertThat(problem.path("instance").asString()).isEqualTo(unknown);
		assertThat(this.raw.json(HttpMethod.POST, unknown, "198.51.100.2", "{\"content\": \"Hi\"}").block())
			.extracting(RawClient.Answer::status)
			.isEqualTo(404);
	}

	@Test
	void aClientWithItsShareOfStreamsOpenGets429AndStreamsAgainOnceItDisconnects() throws InterruptedException {
		String first = this.api.create();
		String second = this.api.create();

		try (RawClient.OpenStream stream = this.raw.open(first, "198.51.100.3", "One")) {
			stream.awaitText("event:delta");
			RawClient.Answer refused = send(second, "198.51.100.3", "Two");
			assertThat(problem(refused, 429).path("detail").asString()).contains("too many replies");
			assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
		}

		await().atMost(Duration.ofSeconds(5)).until(() -> this.limits.streams().open() == 0);
		try (RawClient.OpenStream stream = this.raw.open(second, "198.51.100.3", "Two")) {
			assertThat(stream.awaitText("{\"text\":\"Still\"}")).contains("event:delta");
		}
	}

	@Test
	void whenTheServerHasItsCapOfStreamsOpenAnotherClientGets503() throws InterruptedException {
		String first = this.api.create();
		String second = this.api.create();
		String third = this.api.create();

		try (RawClient.OpenStream one = this.raw.open(first, "198.51.100.4", "One");
				RawClient.OpenStream two = this.raw.open(second, "198.51.100.5", "Two")) {
			one.awaitText("event:delta");
			two.awaitText("event:delta");
			RawClient.Answer refused = send(third, "198.51.100.6", "Three");
			assertThat(problem(refused, 503).path("detail").asString()).contains("too many replies");
		}

		assertThat(this.api.messages(third)).isEmpty();
	}

	/** Sends a message while the test's streams are open and reads the whole answer. */
	private RawClient.Answer send(String id, String forwardedFor, String content) {
		return this.raw
			.json(HttpMethod.POST, "/api/conversations/" + id + "/messages", forwardedFor,
					"{\"content\": \"" + content + "\"}")
			.block(Duration.ofSeconds(10));
	}

	static JsonNode problem(RawClient.Answer answer, int status) {
		assertThat(answer.status()).isEqualTo(status);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = ChatApi.json.readTree(answer.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		return problem;
	}

}
