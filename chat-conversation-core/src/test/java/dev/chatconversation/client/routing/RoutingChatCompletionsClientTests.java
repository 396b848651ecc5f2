package dev.chatconversation.client.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.ApiStatusException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RoutingChatCompletionsClient} against two WireMock servers, the
 * default ({@code primary}) and one routed as {@code backup}: routing by
 * {@code name/model}, and fallback before (never after) the first chunk. Bodies come from
 * the fixtures under {@code src/test/resources/fixtures}.
 */
class RoutingChatCompletionsClientTests {

	private static final String PATH = "/v1/chat/completions";

	@RegisterExtension
	static final WireMockExtension primary = ChatWireMock.extension();

	@RegisterExtension
	static final WireMockExtension backup = ChatWireMock.extension();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void modelNamingARouteGoesToThatClientWithoutTheRouteName() {
		stub(backup, json(200, "openai/chat-completion-text.json"));
		StepVerifier.create(router(List.of()).create(request("backup/gpt-4o-mini"))).assertNext((completion) -> {
			assertThat(completion.text()).isNotEmpty();
			assertThat(RoutingChatCompletionsClient.routedModel(completion)).isEqualTo("backup/gpt-4o-mini");
		}).verifyComplete();
		assertThat(models(backup)).containsExactly("gpt-4o-mini");
		assertThat(models(primary)).isEmpty();
	}

	@Test
	void modelWithAnUnknownPrefixGoesToTheDefaultClientUnchanged() {
		stub(primary, json(200, "openai/chat-completion-text.json"));
		StepVerifier.create(router(List.of()).create(request("openai/gpt-4o")))
			.assertNext((completion) -> assertThat(RoutingChatCompletionsClient.routedModel(completion))
				.isEqualTo("openai/gpt-4o"))
			.verifyComplete();
		assertThat(models(primary)).containsExactly("openai/gpt-4o");
		assertThat(models(backup)).isEmpty();
	}

	@Test
	void createFallsBackWhenTheModelFailsWithARetryableError() {
		stub(primary, json(503, "openai/error-503-overloaded.json"));
		stub(backup, json(200, "openai/chat-completion-text.json"));
		StepVerifier.create(router(List.of("backup/gpt-4o-mini")).create(request("gpt-4o")))
			.assertNext((completion) -> assertThat(RoutingChatCompletionsClient.routedModel(completion))
				.isEqualTo("backup/gpt-4o-mini"))
			.verifyComplete();
		assertThat(models(primary)).containsExactly("gpt-4o");
		assertThat(models(backup)).containsExactly("gpt-4o-mini");
	}

	@Test
	void createFallsBackWhenTheModelIsNotFound() {
		stub(primary, json(404, "openai/error-404-model-not-found.json"));
		stub(backup, json(200, "openai/chat-completion-text.json"));
		StepVerifier.create(router(List.of("backup/gpt-4o-mini")).create(request("gpt-4")))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(models(backup)).containsExactly("gpt-4o-mini");
	}

	@Test
	void createDoesNotFallBackWhenTheRequestIsRejected() {
		stub(primary, json(400, "openai/error-400-unsupported-parameter.json"));
		stub(backup, json(200, "openai/chat-completion-text.json"));
		StepVerifier.create(router(List.of("backup/gpt-4o-mini")).create(request("o3")))
			.expectError(BadRequestException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(models(backup)).isEmpty();
	}

	@Test
	void streamFallsBackBeforeTheFirstChunk() {
		stub(primary, json(503, "openai/error-503-overloaded.json"));
		stub(backup, stream("openai/stream-text-basic.sse"));
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		StepVerifier.create(router(List.of("backup/gpt-4o-mini")).stream(request("gpt-4o")))
			.recordWith(() -> chunks)
			.thenConsumeWhile((chunk) -> true)
			.verifyComplete();
		assertThat(chunks.get(0).extra()).containsKey(RoutingChatCompletionsClient.ROUTED_MODEL);
		assertThat(chunks.subList(1, chunks.size())).allSatisfy(
				(chunk) -> assertThat(chunk.extra()).doesNotContainKey(RoutingChatCompletionsClient.ROUTED_MODEL));
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		chunks.forEach(accumulator::add);
		assertThat(RoutingChatCompletionsClient.routedModel(accumulator.toCompletion()))
			.isEqualTo("backup/gpt-4o-mini");
		assertThat(accumulator.toCompletion().text()).startsWith("I'm unable to provide real-time weather");
		assertThat(models(backup)).containsExactly("gpt-4o-mini");
	}

	@Test
	void streamFallsBackWhenTheModelTimesOutBeforeAnswering() {
		stub(primary, stream("openai/stream-text-basic.sse").withFixedDelay(5_000));
		stub(backup, stream("openai/stream-text-basic.sse"));
		ChatCompletionsClient slow = client(primary, Timeouts.DEFAULTS.withFirstByte(Duration.ofMillis(300)));
		RoutingChatCompletionsClient router = RoutingChatCompletionsClient.builder(slow)
			.route("backup", client(backup, Timeouts.DEFAULTS))
			.fallbackModels(List.of("backup/gpt-4o-mini"))
			.build();
		StepVerifier.create(router.stream(request("gpt-4o")).count())
			.assertNext((count) -> assertThat(count).isPositive())
			.verifyComplete();
		assertThat(models(backup)).containsExactly("gpt-4o-mini");
	}

	@Test
	void streamDoesNotFallBackAfterTheFirstChunk() {
		String firstChunk = fixture("openai/stream-text-basic.sse").lines()
			.filter((line) -> line.startsWith("data: {"))
			.findFirst()
			.orElseThrow();
		FakeChatServer stalling = new FakeChatServer()
			.reply(FakeChatServer.stream(Flux.just(firstChunk + "\n\n").concatWith(Flux.never())));
		this.resources.add(stalling);
		stub(backup, stream("openai/stream-text-basic.sse"));
		ChatCompletionsClient stalls = track(ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:" + stalling.port() + "/v1")
			.retryPolicy(RetryPolicy.NONE)
			.timeouts(Timeouts.DEFAULTS.withStreamIdle(Duration.ofMillis(300)))
			.build());
		RoutingChatCompletionsClient router = RoutingChatCompletionsClient.builder(stalls)
			.route("backup", client(backup, Timeouts.DEFAULTS))
			.fallbackModels(List.of("backup/gpt-4o-mini"))
			.build();
		StepVerifier.create(router.stream(request("gpt-4o")))
			.assertNext((chunk) -> assertThat(RoutingChatCompletionsClient.ROUTED_MODEL).isIn(chunk.extra().keySet()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ApiTimeoutException.class)
				.extracting((timeout) -> ((ApiTimeoutException) timeout).kind())
				.isEqualTo(ApiTimeoutException.Kind.STREAM_IDLE))
			.verify(Duration.ofSeconds(10));
		assertThat(models(backup)).isEmpty();
	}

	@Test
	void whenEveryModelFailsTheLastFailureIsRaisedWithTheEarlierOnesSuppressed() {
		stub(primary, json(503, "openai/error-503-overloaded.json"));
		stub(backup, json(500, "openai/error-503-overloaded.json"));
		StepVerifier.create(router(List.of("backup/a", "backup/b", "gpt-4o")).create(request("gpt-4o")))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(InternalServerException.class);
				assertThat(ex.getSuppressed()).hasSize(2)
					.extracting((failure) -> ((ApiStatusException) failure).statusCode())
					.containsExactly(503, 500);
			})
			.verify(Duration.ofSeconds(10));
		assertThat(models(primary)).containsExactly("gpt-4o");
		assertThat(models(backup)).containsExactly("a", "b");
	}

	@Test
	void fallbacksCanBeGivenPerCallWithoutChangingTheClient() {
		stub(primary, json(503, "openai/error-503-overloaded.json"));
		stub(backup, json(200, "openai/chat-completion-text.json"));
		RoutingChatCompletionsClient router = router(List.of());
		RoutingChatCompletionsClient withFallback = router.withFallbacks(List.of("backup/gpt-4o-mini"));
		StepVerifier.create(withFallback.create(request("gpt-4o"))).expectNextCount(1).verifyComplete();
		StepVerifier.create(router.create(request("gpt-4o")))
			.expectError(ApiStatusException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(router.fallbackModels()).isEmpty();
		assertThat(withFallback.fallbackModels()).containsExactly("backup/gpt-4o-mini");
		assertThat(withFallback.routeNames()).containsExactly("backup");
	}

	@Test
	void requestWithoutModelGoesToTheDefaultClientAsItIs() {
		StepVerifier
			.create(router(List.of("backup/gpt-4o-mini"))
				.create(ChatCompletionRequest.builder().message(Message.user("Hi")).build()))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(10));
		assertThat(models(backup)).isEmpty();
	}

	@Test
	void routeNamesAndFallbackModelsAreChecked() {
		RoutingChatCompletionsClient.Builder builder = RoutingChatCompletionsClient
			.builder(client(primary, Timeouts.DEFAULTS));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.route("a/b", client(backup, Timeouts.DEFAULTS)));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.route(" ", client(backup, Timeouts.DEFAULTS)));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.fallbackModels(List.of("gpt-4o", " ")));
		assertThat(builder.route("backup", client(backup, Timeouts.DEFAULTS)).build().toString())
			.contains("routes=[backup]", "fallbackModels=[]");
	}

	private RoutingChatCompletionsClient router(List<String> fallbackModels) {
		return RoutingChatCompletionsClient.builder(client(primary, Timeouts.DEFAULTS))
			.route("backup", client(backup, Timeouts.DEFAULTS))
			.fallbackModels(fallbackModels)
			.build();
	}

	private ChatCompletionsClient client(WireMockExtension server, Timeouts timeouts) {
		return track(ChatCompletionsClient.builder()
			.baseUrl(server.baseUrl() + "/v1")
			.apiKey("sk-routing-test")
			.retryPolicy(RetryPolicy.NONE)
			.timeouts(timeouts)
			.build());
	}

	private ChatCompletionsClient track(ChatCompletionsClient client) {
		this.resources.add(client);
		return client;
	}

	private static ChatCompletionRequest request(String model) {
		return ChatCompletionRequest.builder().model(model).message(Message.user("Weather in San Francisco?")).build();
	}

	private static void stub(WireMockExtension server, ResponseDefinitionBuilder response) {
		server.stubFor(post(urlPathEqualTo(PATH)).willReturn(response));
	}

	private static ResponseDefinitionBuilder json(int status, String fixture) {
		return ChatWireMock.json(status, fixture(fixture));
	}

	private static ResponseDefinitionBuilder stream(String fixture) {
		return ChatWireMock.eventStream(fixture(fixture));
	}

	/** The models the server was asked for, in order. */
	private static List<String> models(WireMockExtension server) {
		return server.findAll(postRequestedFor(urlPathEqualTo(PATH)))
			.stream()
			.map((request) -> JsonMapper.shared().readTree(request.getBodyAsString()).get("model").asString())
			.toList();
	}

}
