package dev.chatconversation.samples.chatsse;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.chatconversation.samples.chatsse.ChatApi.deltaText;
import static dev.chatconversation.samples.chatsse.ChatApi.errorMessage;
import static dev.chatconversation.samples.chatsse.ProviderStubs.OPENAI_STREAM;
import static dev.chatconversation.samples.chatsse.ProviderStubs.PATH;
import static dev.chatconversation.samples.chatsse.ProviderStubs.requestBodies;
import static dev.chatconversation.samples.chatsse.ProviderStubs.stubStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.syntheticStream;
import static dev.chatconversation.samples.chatsse.ProviderStubs.textOf;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API end to end, over real HTTP, with WireMock as the model provider.
 *
 * <p>
 * {@code chat.base-url} is named here with a placeholder rather than registered by the
 * {@code @DynamicPropertySource}: the demo model's environment post-processor runs before
 * dynamic properties exist, and would otherwise start the demo model.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${provider.url}", "chat.api-key=sk-test", "chat.model=gpt-4.1-nano",
				"chat.retry.max-attempts=1" })
@AutoConfigureWebTestClient(timeout = "20s")
class ConversationApiTests {

	private static final String QUESTION = "Name a holiday and say what it is for.";

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

	@Test
	void creatingAConversationAnswers201WithAnUnguessableIdAndItsLocation() {
		EntityExchangeResult<JsonNode> created = this.client.post()
			.uri("/api/conversations")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class)
			.returnResult();
		String id = created.getResponseBody().path("id").asString();

		// 128 random bits in base64url: 22 characters
		assertThat(id).matches("[A-Za-z0-9_-]{22}");
		assertThat(created.getResponseHeaders().getLocation()).hasPath("/api/conversations/" + id);
		assertThat(this.api.create()).isNotEqualTo(id);
		assertThat(this.api.messages(id)).isEmpty();
	}

	@Test
	void theInfoNamesTheModelAndSaysItIsNotTheDemo() {
		this.client.get()
			.uri("/api/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"model\": \"gpt-4.1-nano\", \"demo\": false}");
	}

	@Test
	void aReplyStreamsAsDeltaEventsThenADoneEventWithFinishReasonAndUsage() {
		String capture = fixture(OPENAI_STREAM);
		stubStream(provider, capture);
		String id = this.api.create();

		List<ChatApi.Event> events = this.api.reply(id, QUESTION);

		assertThat(events).hasSizeGreaterThan(10);
		assertThat(events.subList(0, events.size() - 1))
			.allSatisfy((event) -> assertThat(event.name()).isEqualTo("delta"));
		assertThat(deltaText(events)).isEqualTo(textOf(capture)).contains(" Harmony Day\n\n**Date:**");
		ChatApi.Event done = events.get(events.size() - 1);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().path("finishReason").asString()).isEqualTo("stop");
		assertThat(done.data().path("usage").path("prompt_tokens").asInt()).isEqualTo(16);
		assertThat(done.data().path("usage").path("completion_tokens").asInt()).isEqualTo(300);
		assertThat(done.data().path("usage").path("total_tokens").asInt()).isEqualTo(316);
		JsonNode sent = requestBodies(provider).get(0);
		assertThat(sent.path("stream").asBoolean()).isTrue();
		assertThat(sent.path("model").asString()).isEqualTo("gpt-4.1-nano");
		assertThat(sent.path("messages")).hasSize(1);
		assertThat(sent.path("messages").path(0).path("content").asString()).isEqualTo(QUESTION);
	}

	@Test
	void deltaTextKeepsLeadingSpacesAndNewlinesExactly() {
		// synthetic: pieces a bare "data:" line would damage (leading spaces, line
		// breaks,
		// text that looks like an SSE field)
		List<String> pieces = List.of("Hello", " world", "\n", "  two spaces", "\n\nA new paragraph", " data: no field",
				"\r\nend ", " ");
		stubStream(provider, syntheticStream(pieces));
		String id = this.api.create();

		List<ChatApi.Event> events = this.api.reply(id, QUESTION);

		assertThat(events.stream()
			.filter((event) -> event.name().equals("delta"))
			.map((event) -> event.data().path("text").asString())).containsExactlyElementsOf(pieces);
		assertThat(deltaText(events)).isEqualTo(String.join("", pieces));
		assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
	}

	@Test
	void afterATurnTheHistoryIsTheOpenAiMessageListAndTheTranscriptIsText() {
		String capture = fixture(OPENAI_STREAM);
		stubStream(provider, capture);
		String id = this.api.create();
		this.api.reply(id, QUESTION);

		JsonNode history = this.api.messages(id);

		assertThat(history).hasSize(2);
		assertThat(history.path(0).path("role").asString()).isEqualTo("user");
		assertThat(history.path(0).path("content").asString()).isEqualTo(QUESTION);
		assertThat(history.path(1).path("role").asString()).isEqualTo("assistant");
		assertThat(history.path(1).path("content").asString()).isEqualTo(textOf(capture));
		assertThat(history.path(1).has("incomplete")).isFalse();
		String transcript = this.client.get()
			.uri("/api/conversations/{id}/transcript", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/plain;charset=UTF-8")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(transcript).isEqualTo("User [1]:\n\n" + QUESTION + "\n\nAssistant [1]:\n\n" + textOf(capture));
	}

	@Test
	void aSystemPromptGivenAtCreationIsSentToTheProvider() {
		stubStream(provider, syntheticStream(List.of("Ok.")));
		String id = this.api.create("Answer in one word.");

		this.api.reply(id, QUESTION);

		JsonNode messages = requestBodies(provider).get(0).path("messages");
		assertThat(messages).hasSize(2);
		assertThat(messages.path(0).path("role").asString()).isEqualTo("system");
		assertThat(messages.path(0).path("content").asString()).isEqualTo("Answer in one word.");
		assertThat(this.api.messages(id).path(0).path("role").asString()).isEqualTo("system");
	}

	@Test
	void aProviderErrorBecomesAnErrorEventAndLeavesTheHistoryUnchanged() {
		// synthetic body, in OpenAI's error shape
		provider.stubFor(post(PATH).willReturn(aResponse().withStatus(500)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
					+ "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
		String id = this.api.create();

		List<ChatApi.Event> events = this.api.reply(id, QUESTION);

		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("error");
			assertThat(event.data().path("message").asString()).contains("HTTP 500")
				.contains("not added")
				.contains("send it again");
		});
		assertThat(this.api.messages(id)).isEmpty();
		assertThat(requestBodies(provider)).hasSize(1);
	}

	@Test
	void deletingAConversationAnswers204AndThenItIsGone() {
		String id = this.api.create();

		this.client.delete().uri("/api/conversations/{id}", id).exchange().expectStatus().isNoContent();

		errorMessage(this.client.get().uri("/api/conversations/{id}/messages", id).exchange(), 404);
		errorMessage(this.client.delete().uri("/api/conversations/{id}", id).exchange(), 404);
	}

	@Test
	void anUnknownIdIs404WithAJsonErrorOnEveryEndpoint() {
		String unknown = "AAAAAAAAAAAAAAAAAAAAAA";

		assertThat(errorMessage(this.client.get().uri("/api/conversations/{id}/messages", unknown).exchange(), 404))
			.contains("no conversation");
		errorMessage(this.client.get().uri("/api/conversations/{id}/transcript", unknown).exchange(), 404);
		errorMessage(this.api.post(unknown, Map.of("content", "Hello")), 404);
		errorMessage(this.client.delete().uri("/api/conversations/{id}", unknown).exchange(), 404);
		assertThat(requestBodies(provider)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"content\": \"\"}", "{\"content\": \"  \\n\\t \"}", "{}", "{\"content\": null}" })
	void anEmptyMessageIs400AndChangesNothing(String body) {
		String id = this.api.create();

		assertThat(errorMessage(this.api.post(id, body), 400)).contains("empty");

		assertThat(this.api.messages(id)).isEmpty();
		assertThat(requestBodies(provider)).isEmpty();
	}

	@Test
	void aMessageOverTheLimitIs413AndChangesNothing() {
		String id = this.api.create();

		String message = errorMessage(this.api.post(id, Map.of("content", "a".repeat(20_001))), 413);

		assertThat(message).contains("20001").contains("20000");
		assertThat(this.api.messages(id)).isEmpty();
		assertThat(requestBodies(provider)).isEmpty();
	}

	@Test
	void malformedJsonIs400AndChangesNothing() {
		String id = this.api.create();

		assertThat(errorMessage(this.api.post(id, "{\"content\": \"Hel"), 400)).contains("JSON");
		errorMessage(this.client.post()
			.uri("/api/conversations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"system\": ")
			.exchange(), 400);

		assertThat(this.api.messages(id)).isEmpty();
		assertThat(requestBodies(provider)).isEmpty();
	}

}
