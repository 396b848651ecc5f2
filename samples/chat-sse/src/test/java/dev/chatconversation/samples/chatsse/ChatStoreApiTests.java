package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.chatconversation.samples.chatsse.ChatApi.errorMessage;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stubStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.syntheticStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chats in the library's store: the client cookie that owns them, the list per client
 * and its pages, the cap per client and in all, and the idle expiry. The store is the
 * sample's default, a folder of files (a fresh one per test context).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.retry.max-attempts=1", "chat-sse.chats.max-per-client=3", "chat-sse.chats.max-total=5",
				"chat-sse.chats.idle-expiry=7d" })
@AutoConfigureWebTestClient(timeout = "20s")
class ChatStoreApiTests {

	@RegisterExtension
	static final WireMockExtension provider = ChatWireMock.extension();

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		registry.add("provider.url", () -> provider.baseUrl() + "/v1");
	}

	@Autowired
	private WebTestClient client;

	@Autowired
	private ConversationStore store;

	@Autowired
	private ChatExpiry expiry;

	@BeforeEach
	void emptyStore() {
		ChatPages.deleteAllBut(this.store, ConversationQuery.all(), 0);
		stubStream(provider, syntheticStream(List.of("Fine.")));
	}

	@Test
	void aFirstVisitGetsAnHttpOnlySameSiteLaxClientCookieThatALaterVisitKeeps() {
		ResponseCookie cookie = this.client.get()
			.uri("/api/info")
			.exchange()
			.returnResult(String.class)
			.getResponseCookies()
			.getFirst(ClientCookie.NAME);

		assertThat(cookie).isNotNull();
		assertThat(cookie.getValue()).matches("[A-Za-z0-9_-]{22}");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.getPath()).isEqualTo("/");
		this.client.get()
			.uri("/api/info")
			.cookie(ClientCookie.NAME, cookie.getValue())
			.exchange()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE);
	}

	@Test
	void eachClientListsOnlyItsOwnChatsAndTheStoreKeepsTheirOwnerAndConnection() {
		ChatApi alice = client();
		ChatApi bob = client();
		String alices = alice.create();
		alice.reply(alices, "Alice here");
		String bobs = bob.create();
		bob.reply(bobs, "Bob here");

		assertThat(ids(list(alice, "/api/conversations"))).containsExactly(alices);
		assertThat(ids(list(bob, "/api/conversations"))).containsExactly(bobs);
		assertThat(this.store).isInstanceOf(FileConversationStore.class);
		ConversationRecord record = this.store.load(alices).record();
		assertThat(record.model()).isEqualTo("default/gpt-4.1-nano");
		assertThat(record.owner()).isNotBlank().isNotEqualTo(this.store.load(bobs).record().owner());
		// a chat is reached by its unguessable id, whoever asks
		assertThat(bob.messages(alices)).hasSize(2);
	}

	@Test
	void theListIsPagedByTheStoreNewestFirst() {
		ChatApi api = client();
		String older = api.create();
		api.reply(older, "Older");
		String newer = api.create();
		api.reply(newer, "Newer");

		WebTestClient.ResponseSpec first = api.client().get().uri("/api/conversations?limit=1").exchange();
		String next = first.returnResult(String.class).getResponseHeaders().getFirst(HttpHeaders.LINK);
		assertThat(ids(list(api, "/api/conversations?limit=1"))).containsExactly(newer);
		assertThat(next).startsWith("</api/conversations?limit=1&after=").endsWith(">; rel=\"next\"");

		String secondPage = next.substring(1, next.indexOf('>'));
		assertThat(ids(list(api, secondPage))).containsExactly(older);
		errorMessage(api.client().get().uri("/api/conversations?after=not-a-cursor").exchange(), 400);
	}

	@Test
	void beyondTheCapPerClientTheLeastRecentlyChangedChatsAreDeleted() {
		ChatApi api = client();
		String first = api.create();
		api.reply(first, "One");
		String second = api.create();
		api.reply(second, "Two");
		String third = api.create();
		api.reply(third, "Three");
		api.reply(first, "One again");

		String fourth = api.create();

		assertThat(ids(this.store.list(ConversationQuery.all()).conversations())).containsExactly(fourth, first, third);
		errorMessage(api.client().get().uri("/api/conversations/{id}/messages", second).exchange(), 404);
	}

	@Test
	void beyondTheTotalCapNewChatsAreRefusedWith503() {
		for (int chat = 0; chat < 5; chat++) {
			client().create();
		}

		String message = errorMessage(client().client().post().uri("/api/conversations").exchange(), 503);

		assertThat(message).contains("as many chats as it may");
		assertThat(this.store.list(ConversationQuery.all()).conversations()).hasSize(5);
	}

	@Test
	void theSweepDeletesTheChatsIdleForLongerThanTheExpiry() {
		ChatApi api = client();
		String id = api.create();
		api.reply(id, "Keep me a week");
		Instant updated = this.store.load(id).record().updatedAt();

		assertThat(this.expiry.sweep(updated.plus(Duration.ofDays(7)))).isZero();
		assertThat(api.messages(id)).hasSize(2);

		assertThat(this.expiry.sweep(updated.plus(Duration.ofDays(7)).plusMillis(1))).isEqualTo(1);
		errorMessage(api.client().get().uri("/api/conversations/{id}/messages", id).exchange(), 404);
	}

	private ChatApi client() {
		return new ChatApi(this.client.mutate().defaultCookie(ClientCookie.NAME, ChatSessions.newId()).build());
	}

	private static JsonNode list(ChatApi api, String uri) {
		return ChatApi.json.readTree(api.client()
			.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static List<String> ids(JsonNode chats) {
		return chats.valueStream().map((chat) -> chat.path("id").asString()).toList();
	}

	private static List<String> ids(List<ConversationRecord> records) {
		return records.stream().map(ConversationRecord::id).toList();
	}

}
