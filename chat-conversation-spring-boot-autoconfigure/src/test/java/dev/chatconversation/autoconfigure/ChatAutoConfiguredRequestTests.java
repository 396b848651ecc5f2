package dev.chatconversation.autoconfigure;

import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ApiStatusException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.ResponseTooLargeException;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the auto-configured client against WireMock: what the
 * {@code chat.*} properties make it send, and how its timeouts, retries and size limit
 * behave.
 */
class ChatAutoConfiguredRequestTests {

	private static final String API_KEY = "sk-request-tests-abcdefghijklmnop";

	private static final JsonMapper JSON = JsonMapper.shared();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	/**
	 * Serves the slow responses: WireMock logs a request only when its response ends, so
	 * a slow one on {@link #wireMock} would show up among the requests of a later test.
	 */
	@RegisterExtension
	static final WireMockExtension slowServer = ChatWireMock.extension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "chat.model=gpt-4o-mini")
		.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(wireMock));

	@Test
	void apiKeyIsSentAsBearerTokenWithOrganizationProjectAndHeaders() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner
			.withPropertyValues("chat.api-key=" + API_KEY, "chat.organization=org-42", "chat.project=proj-42",
					"chat.headers.X-Team=blue", "chat.options.extra-headers.X-Request-Header=on")
			.run((context) -> {
				StepVerifier
					.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
					.assertNext((reply) -> assertThat(reply).startsWith("**Holiday Name:** Galaxy Day"))
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				LoggedRequest request = ChatServerStubs.onlyRequest(wireMock);
				assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
				assertThat(request.getHeader("OpenAI-Organization")).isEqualTo("org-42");
				assertThat(request.getHeader("OpenAI-Project")).isEqualTo("proj-42");
				assertThat(request.getHeader("X-Team")).isEqualTo("blue");
				assertThat(request.getHeader("X-Request-Header")).isEqualTo("on");
			});
	}

	@Test
	void streamedTurnSendsTheModelSystemPromptAndEveryOption() {
		ChatServerStubs.stubStream(wireMock);
		this.contextRunner
			.withPropertyValues("chat.system-prompt=Be brief.", "chat.options.temperature=0.2",
					"chat.options.top-p=0.9", "chat.options.max-tokens=256", "chat.options.max-completion-tokens=512",
					"chat.options.reasoning-effort=low", "chat.options.seed=42", "chat.options.stop=END,STOP",
					"chat.options.user=user-7", "chat.options.response-format=json_object",
					"chat.options.frequency-penalty=0.5", "chat.options.presence-penalty=-0.5",
					"chat.options.extra-body.flag=true", "chat.options.extra-body.count=42",
					"chat.options.extra-body.object={\"a\":1}", "chat.options.extra-body.word=hello",
					"chat.options.extra-body.chat_template_kwargs.enable_thinking=false")
			.run((context) -> {
				streamOneTurn(context);
				JsonNode body = ChatServerStubs.body(ChatServerStubs.onlyRequest(wireMock));
				assertThat(body).isEqualTo(JSON.readTree("""
						{
						  "messages": [
						    {"role": "system", "content": "Be brief."},
						    {"role": "user", "content": "Hi"}
						  ],
						  "model": "gpt-4o-mini",
						  "frequency_penalty": 0.5,
						  "max_completion_tokens": 512,
						  "max_tokens": 256,
						  "presence_penalty": -0.5,
						  "reasoning_effort": "low",
						  "response_format": {"type": "json_object"},
						  "seed": 42,
						  "stop": ["END", "STOP"],
						  "stream": true,
						  "stream_options": {"include_usage": true},
						  "temperature": 0.2,
						  "top_p": 0.9,
						  "user": "user-7",
						  "flag": true,
						  "count": 42,
						  "object": {"a": 1},
						  "word": "hello",
						  "chat_template_kwargs": {"enable_thinking": false}
						}
						"""));
			});
	}

	@Test
	void withoutOptionsOnlyTheModelMessagesAndUsageRequestAreSent() {
		ChatServerStubs.stubStream(wireMock);
		this.contextRunner.run((context) -> {
			streamOneTurn(context);
			JsonNode body = ChatServerStubs.body(ChatServerStubs.onlyRequest(wireMock));
			assertThat(body.propertyNames()).containsExactlyInAnyOrder("messages", "model", "stream", "stream_options");
			assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
		});
	}

	@Test
	void includeUsageFalseSendsNoStreamOptions() {
		ChatServerStubs.stubStream(wireMock);
		this.contextRunner.withPropertyValues("chat.options.include-usage=false").run((context) -> {
			streamOneTurn(context);
			assertThat(ChatServerStubs.body(ChatServerStubs.onlyRequest(wireMock)).has("stream_options")).isFalse();
		});
	}

	@Test
	void responseFormatTextIsSentAsATextFormat() {
		ChatServerStubs.stubStream(wireMock);
		this.contextRunner.withPropertyValues("chat.options.response-format=text").run((context) -> {
			streamOneTurn(context);
			assertThat(ChatServerStubs.body(ChatServerStubs.onlyRequest(wireMock)).path("response_format"))
				.isEqualTo(JSON.readTree("{\"type\":\"text\"}"));
		});
	}

	@Test
	void maxAttemptsOfOneSendsASingleRequestWhenTheServerFails() {
		ChatServerStubs.stubJson(wireMock, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
		this.contextRunner.withPropertyValues("chat.retry.max-attempts=1").run((context) -> {
			expectFailure(context, (failure) -> {
				assertThat(failure).isInstanceOf(ApiStatusException.class);
				assertThat(attempts(failure)).isEqualTo(1);
			});
			assertThat(ChatServerStubs.requests(wireMock)).hasSize(1);
		});
	}

	@Test
	void maxAttemptsCountsTheFirstAttemptAndBackoffsApply() {
		ChatServerStubs.stubJson(wireMock, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
		this.contextRunner
			.withPropertyValues("chat.retry.max-attempts=3", "chat.retry.initial-backoff=1ms",
					"chat.retry.max-backoff=2ms")
			.run((context) -> {
				expectFailure(context, (failure) -> assertThat(attempts(failure)).isEqualTo(3));
				assertThat(ChatServerStubs.requests(wireMock)).hasSize(3);
			});
	}

	@Test
	void serverDelayLongerThanMaxRetryAfterFailsAtOnce() {
		wireMock.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH)).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("retry-after-ms", "5000")
			.withBody("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}")));
		this.contextRunner.withPropertyValues("chat.retry.max-attempts=3", "chat.retry.max-retry-after=10ms")
			.run((context) -> {
				expectFailure(context, (failure) -> assertThat(failure).isInstanceOf(ApiStatusException.class));
				assertThat(ChatServerStubs.requests(wireMock)).hasSize(1);
			});
	}

	@Test
	void serverDelayWithinMaxRetryAfterIsHonoured() {
		wireMock.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH)).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("retry-after-ms", "5")
			.withBody("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}")));
		this.contextRunner.withPropertyValues("chat.retry.max-attempts=2").run((context) -> {
			expectFailure(context, (failure) -> assertThat(attempts(failure)).isEqualTo(2));
			assertThat(ChatServerStubs.requests(wireMock)).hasSize(2);
		});
	}

	@Test
	void maxResponseSizeRejectsLargerResponses() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withPropertyValues("chat.max-response-size=1KB")
			.run((context) -> expectFailure(context,
					(failure) -> assertThat(failure).isInstanceOf(ResponseTooLargeException.class)));
	}

	@Test
	void firstByteTimeoutFailsAResponseThatDoesNotStart() {
		slowServer.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH))
			.willReturn(aResponse().withStatus(200).withFixedDelay(1000).withBody("{}")));
		this.contextRunner
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(slowServer), "chat.retry.max-attempts=1",
					"chat.timeouts.first-byte=100ms")
			.run((context) -> expectFailure(context,
					(failure) -> assertThat(failure).isInstanceOfSatisfying(ApiTimeoutException.class,
							(timeout) -> assertThat(timeout.kind()).isEqualTo(ApiTimeoutException.Kind.FIRST_BYTE))));
	}

	@Test
	void totalTimeoutBoundsTheWholeCall() {
		slowServer.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH))
			.willReturn(aResponse().withStatus(200).withFixedDelay(1000).withBody("{}")));
		this.contextRunner
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(slowServer), "chat.timeouts.total=100ms")
			.run((context) -> expectFailure(context,
					(failure) -> assertThat(failure).isInstanceOfSatisfying(ApiTimeoutException.class,
							(timeout) -> assertThat(timeout.kind()).isEqualTo(ApiTimeoutException.Kind.TOTAL))));
	}

	@Test
	void streamIdleTimeoutFailsAStreamThatStalls() {
		slowServer.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(ChatServerStubs.fixture(ChatServerStubs.STREAM_FIXTURE))
			.withChunkedDribbleDelay(2, 1000)));
		this.contextRunner
			.withPropertyValues("chat.base-url=" + ChatServerStubs.baseUrl(slowServer), "chat.retry.max-attempts=1",
					"chat.timeouts.stream-idle=100ms")
			.run((context) -> StepVerifier.create(client(context).stream(request()))
				.thenConsumeWhile((chunk) -> true)
				.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOfSatisfying(ApiTimeoutException.class,
						(timeout) -> assertThat(timeout.kind()).isEqualTo(ApiTimeoutException.Kind.STREAM_IDLE)))
				.verify(ChatServerStubs.TIMEOUT));
	}

	private static void streamOneTurn(AssertableApplicationContext context) {
		StepVerifier
			.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndStreamResponse("Hi"))
			.expectNextSequence(ChatServerStubs.STREAM_DELTAS)
			.expectComplete()
			.verify(ChatServerStubs.TIMEOUT);
	}

	private static void expectFailure(AssertableApplicationContext context, Consumer<Throwable> assertions) {
		StepVerifier.create(client(context).create(request()))
			.expectErrorSatisfies(assertions)
			.verify(ChatServerStubs.TIMEOUT);
	}

	private static int attempts(Throwable failure) {
		assertThat(failure).isInstanceOf(ChatCompletionsException.class);
		return ((ChatCompletionsException) failure).attempts();
	}

	private static ChatCompletionsClient client(AssertableApplicationContext context) {
		return context.getBean(ChatCompletionsClient.class);
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder().model("gpt-4o-mini").messages(List.of(Message.user("Hi"))).build();
	}

}
