package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.chatconversation.samples.chatsse.ChatApi.deltaText;
import static dev.chatconversation.samples.chatsse.ChatApi.errorMessage;
import static dev.chatconversation.samples.chatsse.ProviderStubs.PATH;
import static dev.chatconversation.samples.chatsse.ProviderStubs.requestBodies;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stubStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.syntheticStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints behind the page's features, over real HTTP, with WireMock as the provider
 * (synthetic streams) and two connections: the chat list, regenerate, edit, transcript
 * download, connections, security headers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.connections.second.model=gpt-second", "chat.retry.max-attempts=1", "chat-sse.heartbeat=200ms" })
@AutoConfigureWebTestClient(timeout = "20s")
class ConversationFeaturesApiTests {

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
		// one browser: the chat list is that of the client cookie
		this.client = this.client.mutate().defaultCookie(ClientCookie.NAME, ChatSessions.newId()).build();
		this.api = new ChatApi(this.client);
	}

	@Test
	void whenChatsHaveMessagesThenTheListShowsThemNewestFirstWithTheirFirstMessageAsTitle() {
		stubStream(provider, syntheticStream(List.of("Fine.")));
		String older = this.api.create();
		this.api.reply(older, "  First\n question   of the older chat  ");
		String empty = this.api.create();
		String newer = this.api.create();
		this.api.reply(newer, "x".repeat(80));
		this.api.reply(newer, "a second message");

		JsonNode chats = list();

		List<String> ids = ids(chats);
		assertThat(ids).contains(older, newer).doesNotContain(empty);
		assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
		JsonNode first = chats.get(ids.indexOf(older));
		assertThat(first.path("title").asString()).isEqualTo("First question of the older chat");
		assertThat(first.path("connection").asString()).isEqualTo("default");
		assertThat(first.path("updated").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(chats.get(ids.indexOf(newer)).path("title").asString()).isEqualTo("x".repeat(60) + "\u2026");

		this.api.reply(older, "back to the older one");
		List<String> after = ids(list());
		assertThat(after.indexOf(older)).isLessThan(after.indexOf(newer));
	}

	@Test
	void whenTheModelIsSilentThenTheStreamCarriesHeartbeatCommentsBeforeTheReply() {
		// the provider answers after 1.5 s; the heartbeat interval is 200 ms here
		provider.stubFor(post(PATH).willReturn(stream(syntheticStream(List.of("Late."))).withFixedDelay(1500)));
		String id = this.api.create();

		List<ServerSentEvent<String>> events = this.api.post(id, Map.of("content", "Take your time"))
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));

		int firstDelta = events.stream().map(ServerSentEvent::event).toList().indexOf("delta");
		assertThat(events.subList(0, firstDelta)).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((event) -> assertThat(event.comment()).isEqualTo("heartbeat"));
		assertThat(events.get(events.size() - 1).event()).isEqualTo("done");
	}

	@Test
	void whenTheReplyIsRegeneratedThenTheNewReplyReplacesTheOldOneForTheSameQuestion() {
		provider.stubFor(post(PATH).inScenario("regenerate")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(stream(syntheticStream(List.of("First."))))
			.willSetStateTo("again"));
		provider.stubFor(post(PATH).inScenario("regenerate")
			.whenScenarioStateIs("again")
			.willReturn(stream(syntheticStream(List.of("Second.")))));
		String id = this.api.create();
		this.api.reply(id, "Say something");

		List<ChatApi.Event> events = events(this.client.post().uri("/api/conversations/{id}/regenerate", id));

		assertThat(deltaText(events)).isEqualTo("Second.");
		assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
		JsonNode messages = this.api.messages(id);
		assertThat(messages).hasSize(2);
		assertThat(messages.path(1).path("content").asString()).isEqualTo("Second.");
		List<JsonNode> sent = requestBodies(provider);
		assertThat(sent.get(1).path("messages")).hasSize(1);
		assertThat(sent.get(1).path("messages").path(0).path("content").asString()).isEqualTo("Say something");
	}

	@Test
	void whenTheLastMessageIsEditedThenItsTurnIsReplacedAndAnsweredAgain() {
		stubStream(provider, syntheticStream(List.of("Answer.")));
		String id = this.api.create();
		this.api.reply(id, "Frist question");
		this.api.reply(id, "Typo qestion");

		List<ChatApi.Event> events = events(this.client.put()
			.uri("/api/conversations/{id}/messages/last", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("content", "Fixed question")));

		assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
		JsonNode messages = this.api.messages(id);
		assertThat(messages).extracting((message) -> message.path("content").asString())
			.containsExactly("Frist question", "Answer.", "Fixed question", "Answer.");
		List<JsonNode> sent = requestBodies(provider);
		assertThat(sent.get(2).path("messages")).hasSize(3);
	}

	@Test
	void whenAChatHasNoMessageThenRegenerateAndEditAreRefusedWith409() {
		String id = this.api.create();

		String regenerate = errorMessage(this.client.post().uri("/api/conversations/{id}/regenerate", id).exchange(),
				409);
		String edit = errorMessage(this.client.put()
			.uri("/api/conversations/{id}/messages/last", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("content", "Hello"))
			.exchange(), 409);

		assertThat(regenerate).isEqualTo(edit).isEqualTo("This conversation has no message yet: send one first.");
		assertThat(requestBodies(provider)).isEmpty();
	}

	@Test
	void whenTheTranscriptIsAskedAsADownloadThenItIsAnAttachmentNamedAfterTheChat() {
		stubStream(provider, syntheticStream(List.of("Twelve.")));
		String id = this.api.create();
		this.api.reply(id, "How many months?");

		String text = this.client.get()
			.uri("/api/conversations/{id}/transcript?download=true", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Disposition", "attachment; filename=\"chat-" + id + ".txt\"")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(text).contains("How many months?").contains("Twelve.");
		this.client.get()
			.uri("/api/conversations/{id}/transcript", id)
			.exchange()
			.expectHeader()
			.doesNotExist("Content-Disposition");
	}

	@Test
	void whenSeveralConnectionsAreConfiguredThenTheInfoListsThemAndANewChatUsesTheChosenOne() {
		this.client.get()
			.uri("/api/info")
			.exchange()
			.expectBody()
			.json("{\"model\": \"gpt-4.1-nano\", \"demo\": false, \"connections\": [{\"name\": \"default\", \"model\": \"gpt-4.1-nano\"},"
					+ " {\"name\": \"second\", \"model\": \"gpt-second\"}]}", true);
		stubStream(provider, syntheticStream(List.of("Hi.")));
		String id = ChatApi.json
			.readTree(this.client.post()
				.uri("/api/conversations")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("connection", "second"))
				.exchange()
				.expectStatus()
				.isCreated()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody())
			.path("id")
			.asString();

		this.api.reply(id, "Hello");

		assertThat(requestBodies(provider).get(0).path("model").asString()).isEqualTo("gpt-second");
		assertThat(list()).filteredOn((chat) -> chat.path("id").asString().equals(id))
			.singleElement()
			.satisfies((chat) -> assertThat(chat.path("connection").asString()).isEqualTo("second"));
	}

	@Test
	void whenANewChatNamesAnUnknownConnectionThenItIsRefusedWith400NamingTheKnownOnes() {
		String message = errorMessage(this.client.post()
			.uri("/api/conversations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("connection", "nope"))
			.exchange(), 400);

		assertThat(message)
			.isEqualTo("There is no model connection named \"nope\". The connections are: default, second.");
	}

	@Test
	void whenAnythingIsServedThenTheStrictSecurityHeadersAreSet() {
		for (String path : List.of("/", "/app.js", "/api/info", "/api/conversations/unknown/messages",
				"/webjars/marked/16.4.1/lib/marked.umd.js")) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectHeader()
				.valueEquals("Content-Security-Policy",
						"default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; "
								+ "frame-ancestors 'none'")
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer");
		}
	}

	@Test
	void whenThePageIsServedThenItsLibrariesComeFromThisServerAndItHasNoInlineCode() {
		String page = this.client.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();

		assertThat(page).contains("<script src=\"webjars/marked/16.4.1/lib/marked.umd.js\" defer></script>")
			.contains("<script src=\"webjars/dompurify/3.3.0/dist/purify.min.js\" defer></script>")
			.doesNotContain("<script>")
			.doesNotContain("<style")
			.doesNotContain("style=")
			.doesNotContain("http://")
			.doesNotContain("https://");
		this.client.get()
			.uri("/webjars/dompurify/3.3.0/dist/purify.min.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((script) -> assertThat(script).contains("DOMPurify"));
	}

	private JsonNode list() {
		String body = this.client.get()
			.uri("/api/conversations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return ChatApi.json.readTree(body);
	}

	private static List<String> ids(JsonNode chats) {
		return chats.valueStream().map((chat) -> chat.path("id").asString()).toList();
	}

	private static List<ChatApi.Event> events(WebTestClient.RequestHeadersSpec<?> request) {
		return ChatApi.events(request.accept(MediaType.TEXT_EVENT_STREAM).exchange())
			.collectList()
			.block(Duration.ofSeconds(20));
	}

}
