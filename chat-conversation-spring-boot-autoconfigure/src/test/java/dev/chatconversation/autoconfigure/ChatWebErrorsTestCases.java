package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * What a web application answers when a chat-conversation exception escapes one of its
 * controllers: the status and {@code application/problem+json} body of each mapping. Run
 * on WebFlux by {@link ChatWebFluxErrorsTests} and on Spring MVC (Tomcat) by
 * {@link ChatWebMvcErrorsTests}, against a provider stubbed by WireMock, and what becomes
 * of a failure once a streamed reply has started, against a provider whose stream the
 * test writes part by part.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ChatWebErrorsTestCases {

	/** The key the app sends, which no answer may contain. */
	static final String API_KEY = "sk-web-errors-tests-0123456789abcdef";

	static final String PROPERTIES_MODEL = "chat.model=gpt-4o-mini";

	static final String PROPERTIES_KEY = "chat.api-key=" + API_KEY;

	/** One attempt, so that failures the client retries answer at once. */
	static final String PROPERTIES_RETRY = "chat.retry.max-attempts=1";

	/** A connection to a port nothing listens on. */
	static final String PROPERTIES_DOWN = "chat.connections.down.base-url=http://127.0.0.1:1/v1";

	static final String PROPERTIES_SLOW = "chat.connections.slow.timeouts.first-byte=500ms";

	@RegisterExtension
	static final WireMockExtension provider = ChatWireMock.extension();

	/** The provider of connection {@code live}, which streams what a test writes. */
	static FakeChatServer liveProvider;

	@LocalServerPort
	int port;

	WebTestClient client;

	@DynamicPropertySource
	static void chatProperties(DynamicPropertyRegistry registry) {
		registry.add("chat.base-url", () -> ChatWireMock.baseUrl(provider));
		registry.add("chat.connections.slow.base-url", () -> ChatWireMock.baseUrl(provider));
		registry.add("chat.connections.live.base-url", () -> liveProvider.baseUrl());
	}

	@BeforeAll
	static void startLiveProvider() {
		liveProvider = new FakeChatServer();
	}

	@AfterAll
	static void stopLiveProvider() {
		liveProvider.close();
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	static Stream<Arguments> providerFailures() {
		return Stream.of(
				failure(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}", 429,
						"Model provider rate limit"),
				failure(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + "\"}}", 502,
						"Model provider refused the server's key"),
				failure(403, "{\"error\":{\"message\":\"Project does not have access to model\"}}", 502,
						"Model provider refused the server's key"),
				failure(404, "{\"error\":{\"message\":\"The model gpt-9 does not exist\"}}", 502, "Model not found"),
				failure(400, "{\"error\":{\"message\":\"Invalid value for temperature\"}}", 502,
						"Request refused by the model provider"),
				failure(500, "{\"error\":{\"message\":\"The server had an error\"}}", 502, "Model provider error"),
				failure(503, "{\"error\":{\"message\":\"Overloaded\"}}", 503, "Model provider unavailable"));
	}

	private static Arguments failure(int providerStatus, String providerBody, int status, String title) {
		return Arguments.of(providerStatus, providerBody, status, title);
	}

	@ParameterizedTest(name = "provider {0} -> {2}")
	@MethodSource("providerFailures")
	void whenTheProviderFailsThenTheAppAnswersWithItsStatusAndAProblemDetail(int providerStatus, String providerBody,
			int status, String title) {
		provider.stubFor(
				post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(ChatWireMock.json(providerStatus, providerBody)));
		this.client.get()
			.uri("/reply")
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.title")
			.isEqualTo(title)
			.jsonPath("$.providerStatus")
			.isEqualTo(providerStatus)
			.jsonPath("$.historyUnchanged")
			.isEqualTo(true)
			.jsonPath("$.detail")
			.value(not(containsString(API_KEY)))
			.jsonPath("$.detail")
			.value(not(containsString("error\":")));
	}

	@Test
	void whenTheProviderLimitsTheRateThenTheAppPassesItsRetryAfterOn() {
		provider.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(
				ChatWireMock.json(429, "{\"error\":{\"message\":\"Slow down\"}}").withHeader("Retry-After", "7")));
		this.client.get()
			.uri("/reply")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "7");
	}

	@Test
	void whenTheProviderIsUnavailableWithRetryAfterThenTheAppAnswers503WithIt() {
		provider.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(
				ChatWireMock.json(503, "{\"error\":{\"message\":\"Overloaded\"}}").withHeader("Retry-After", "30")));
		this.client.get()
			.uri("/reply")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "30");
	}

	@Test
	void whenTheProviderRefusesTheKeyThenTheAnswerSaysSoWithoutTheKeyOrTheProviderMessage() {
		provider.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(
				ChatWireMock.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + "\"}}")));
		this.client.get()
			.uri("/reply")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectBody(String.class)
			.value(not(containsString(API_KEY)))
			.value(not(containsString("Incorrect API key")))
			.value(containsString("refused the API key this server sends (HTTP 401)"));
	}

	@Test
	void whenTheProviderCannotBeReachedThenTheAppAnswers503() {
		this.client.get()
			.uri("/reply?connection=down")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Model provider unreachable");
	}

	@Test
	void whenTheProviderTimesOutThenTheAppAnswers504() {
		provider.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(aResponse().withStatus(200)
			.withFixedDelay(3000)
			.withHeader("Content-Type", "application/json")
			.withBody("{}")));
		this.client.get()
			.uri("/reply?connection=slow")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Model provider timeout")
			.jsonPath("$.detail")
			.value(containsString("first byte timeout"));
	}

	@Test
	void whenATurnStartsWhileAnotherRunsThenTheAppAnswers409() {
		provider.stubFor(post(urlPathEqualTo(ChatWireMock.PATH)).willReturn(aResponse().withStatus(200)
			.withFixedDelay(2000)
			.withHeader("Content-Type", "application/json")
			.withBody("{}")));
		this.client.get()
			.uri("/busy")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(409)
			.jsonPath("$.title")
			.isEqualTo("Conversation busy");
	}

	@Test
	void whenTheClientSendsAnInvalidConversationThenTheAppAnswers400() {
		this.client.get()
			.uri("/load")
			.exchange()
			.expectStatus()
			.isEqualTo(400)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Invalid conversation")
			.jsonPath("$.detail")
			.value(containsString("message 0 at $[0]"));
	}

	@Test
	void whenAStoredConversationIsUnknownThenTheAppAnswers404() {
		this.client.get()
			.uri("/stored?id=gone")
			.exchange()
			.expectStatus()
			.isEqualTo(404)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Conversation not found");
	}

	@Test
	void whenAStreamedReplyFailsAfterItsFirstEventsThenTheResponseIsCutShortAndTheLogNamesTheFailure(
			CapturedOutput output) {
		Sinks.Many<String> parts = Sinks.many().unicast().onBackpressureBuffer();
		liveProvider.reply(FakeChatServer.stream(parts.asFlux()));
		parts.tryEmitNext(chunk("Hello")).orThrow();
		Flux<String> pieces = this.client.get()
			.uri("/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		StepVerifier.create(pieces)
			.expectNext("Hello")
			.then(() -> parts.tryEmitNext("data: {\"error\":{\"message\":\"Upstream broke, key " + API_KEY + "\"}}\n\n")
				.orThrow())
			.expectError(PrematureCloseException.class)
			.verify(Duration.ofSeconds(20));
		assertThat(output).contains("Chat request failed with 502: The server reported an error in the stream")
			.doesNotContain(API_KEY)
			.doesNotContain("UnsupportedOperationException")
			.doesNotContain("Failure in @ExceptionHandler");
	}

	private static String chunk(String content) {
		return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1727346168,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
				+ "\"},\"finish_reason\":null}]}\n\n";
	}

	/**
	 * A plain application whose controller lets the library's exceptions escape.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ChatApp {

		@RestController
		static class ReplyController {

			private final ChatConversationFactory conversations;

			private final ChatConnections connections;

			ReplyController(ChatConversationFactory conversations, ChatConnections connections) {
				this.conversations = conversations;
				this.connections = connections;
			}

			@GetMapping("/reply")
			Mono<String> reply(@RequestParam(defaultValue = "default") String connection) {
				return this.connections.conversations(connection).newConversation().sendAndGetResponse("Hi");
			}

			@GetMapping("/stream")
			Flux<ServerSentEvent<String>> stream() {
				return this.connections.conversations("live")
					.newConversation()
					.sendAndStreamResponse("Hi")
					.map((piece) -> ServerSentEvent.builder(piece).event("delta").build());
			}

			@GetMapping("/busy")
			Mono<String> busy() {
				ChatCompletionsConversation conversation = this.conversations.newConversation();
				return conversation.sendAndGetResponse("First")
					.zipWith(conversation.sendAndGetResponse("Second"), (first, second) -> first + second);
			}

			@GetMapping("/stored")
			List<Message> stored(@RequestParam String id) {
				return this.conversations.openConversation(id).messages();
			}

			@GetMapping("/load")
			String load() {
				ChatCompletionsConversation conversation = this.conversations.newConversation();
				conversation.loadFromJson("[{\"role\": \"nobody\", \"content\": \"Hi\"}]");
				return "loaded";
			}

		}

	}

}
