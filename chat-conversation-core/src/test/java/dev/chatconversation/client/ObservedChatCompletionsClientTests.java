package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.client.routing.RoutingChatCompletionsClient;
import dev.chatconversation.observation.ChatClientObservationContext;
import dev.chatconversation.observation.ChatObservationMeterHandler;
import dev.chatconversation.observation.DefaultChatClientObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code gen_ai.client.operation} observation of client calls, over a real socket: it
 * spans a stream to its last chunk, closes on error and cancellation with their tags,
 * records tokens by type and the time to the first chunk, and carries no message content
 * unless the convention includes it.
 */
class ObservedChatCompletionsClientTests {

	private static final String OPERATION = "gen_ai.client.operation";

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ChatCompletionsClient client;

	ObservedChatCompletionsClientTests() {
		this.registry.observationConfig().observationHandler(new ChatObservationMeterHandler(this.meters));
		this.client = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("sk-test-0123456789")
			.retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(60)))
			.observationRegistry(this.registry)
			.build();
	}

	@Test
	void whenAStreamIsObservedThenTheObservationIsOpenAfterTheHeadersAndStopsAfterTheLastChunk() {
		Sinks.Many<String> wire = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.stream(wire.asFlux()));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.then(() -> wire.tryEmitNext(Payloads.chunk("Hello")))
			.assertNext((chunk) -> TestObservationRegistryAssert.assertThat(this.registry)
				.hasObservationWithNameEqualTo(OPERATION)
				.that()
				.hasBeenStarted()
				.isNotStopped())
			.then(() -> {
				wire.tryEmitNext(Payloads.finish() + Payloads.DONE);
				wire.tryEmitComplete();
			})
			.expectNextCount(1)
			.verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo(OPERATION)
			.hasContextualNameEqualTo("chat gpt-4o-mini")
			.hasBeenStopped()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "generic")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "gpt-4o-mini")
			.hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("chat.outcome", "success")
			.hasLowCardinalityKeyValue("chat.streaming", "true")
			.hasLowCardinalityKeyValue("chat.attempts", "1")
			.hasLowCardinalityKeyValue("chat.fallbacks", "0")
			.hasHighCardinalityKeyValue("gen_ai.response.id", "chatcmpl-1");
	}

	@Test
	void whenAStreamEndsWithAUsageChunkThenTokensAreRecordedByType() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.fixture("xai/stream-reasoning-text.sse"))));
		StepVerifier.create(this.client.stream(Payloads.request()).then()).verifyComplete();
		assertThat(tokens("input")).isEqualTo(12);
		assertThat(tokens("output")).isEqualTo(2);
		assertThat(tokens("reasoning")).isEqualTo(340);
		assertThat(tokens("cached")).isEqualTo(11);
		assertThat(this.meters.get("gen_ai.client.token.usage")
			.tag("gen_ai.token.type", "input")
			.tag("gen_ai.response.model", "grok-3-mini")
			.tag("gen_ai.provider.name", "generic")
			.summary()
			.count()).isOne();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "12")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "2");
	}

	@Test
	void whenTheFirstChunkArrivesThenTheTimeToFirstChunkIsRecordedOnce() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.fixture("openai/stream-text-include-usage.sse"))));
		StepVerifier.create(this.client.stream(Payloads.request()).then()).verifyComplete();
		assertThat(this.meters.get("gen_ai.client.operation.time_to_first_chunk")
			.tag("gen_ai.response.model", "gpt-4.1-nano-2025-04-14")
			.timer()
			.count()).isOne();
		TestObservationRegistryAssert.assertThat(this.registry).hasSingleObservationThat().satisfies((context) -> {
			ChatClientObservationContext chat = (ChatClientObservationContext) context;
			assertThat(chat.timeToFirstChunk()).isPositive();
		});
	}

	@Test
	void whenAStreamFailsAfterAChunkThenTheObservationStopsWithTheErrorType() {
		this.server.reply(FakeChatServer.stream(Flux.concat(
				Flux.just(Payloads.chunk("a"),
						"data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"),
				Flux.never())));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(1)
			.expectError(StreamErrorException.class)
			.verify();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasError()
			.hasLowCardinalityKeyValue("error.type", "StreamErrorException")
			.hasLowCardinalityKeyValue("chat.outcome", "error")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "gpt-4o-mini")
			.hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "none");
	}

	@Test
	void whenTheSubscriberCancelsAStreamThenTheObservationStopsAsCancelled() {
		this.server.reply(FakeChatServer.stream(Flux.concat(Flux.just(Payloads.chunk("a")), Flux.never())));
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(1).thenCancel().verify();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.doesNotHaveError()
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasLowCardinalityKeyValue("chat.outcome", "cancelled");
	}

	@Test
	void whenACallIsRetriedThenTheObservationCountsEveryAttempt() {
		this.server.reply(FakeChatServer.json(503, Payloads.fixture("openai/error-503-overloaded.json")),
				FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.create(this.client.create(Payloads.request()))
			.assertNext((completion) -> assertThat(completion.firstChoice().message().text()).isEqualTo("Hi"))
			.verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("chat.attempts", "2")
			.hasLowCardinalityKeyValue("chat.streaming", "false")
			.hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "stop");
		assertThat(tokens("input")).isEqualTo(9);
		assertThat(tokens("output")).isEqualTo(2);
		assertThat(this.meters.find("gen_ai.client.operation.time_to_first_chunk").timer()).isNull();
	}

	@Test
	void whenARoutingClientFallsBackThenTheAnsweringCallCountsTheFallbacks() {
		this.server.route((exchange) -> new String(exchange.body()).contains("\"broken\"")
				? FakeChatServer.json(404, Payloads.fixture("openai/error-404-model-not-found.json"))
				: FakeChatServer.json(200, Payloads.completion("Hi")));
		RoutingChatCompletionsClient routing = RoutingChatCompletionsClient.builder(this.client)
			.fallbackModels(List.of("gpt-4o-mini"))
			.build();
		StepVerifier.create(routing.create(Payloads.request().mutate().model("broken").build()))
			.expectNextCount(1)
			.verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(OPERATION, 2)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("gen_ai.request.model", "broken")
				.hasLowCardinalityKeyValue("error.type", "NotFoundException")
				.hasLowCardinalityKeyValue("chat.fallbacks", "0"))
			.hasAnObservation(
					(observation) -> observation.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
						.hasLowCardinalityKeyValue("chat.outcome", "success")
						.hasLowCardinalityKeyValue("chat.fallbacks", "1"));
	}

	@Test
	void whenTheSubscriberContextHoldsAnObservationThenTheCallIsItsChild() {
		this.server.reply(FakeChatServer.json(200, Payloads.completion("Hi")));
		Observation parent = Observation.start("caller", this.registry);
		StepVerifier
			.create(this.client.create(Payloads.request())
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, parent)))
			.expectNextCount(1)
			.verifyComplete();
		parent.stop();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(OPERATION)
			.that()
			.hasParentObservationEqualTo(parent);
	}

	@Test
	void whenContentIsNotIncludedThenNeitherPromptNorReplyIsOnTheObservation() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.chunk("Hello"), Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(this.client.stream(Payloads.request()).then()).verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.prompt")
			.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.completion")
			.satisfies((context) -> assertThat(((ChatClientObservationContext) context).completionText()).isNull());
	}

	@Test
	void whenTheConventionIncludesContentThenPromptAndReplyAreHighCardinalityValues() {
		ChatCompletionsClient withContent = this.client.mutate()
			.observationConvention(new DefaultChatClientObservationConvention(true))
			.build();
		this.server.reply(FakeChatServer
			.stream(Flux.just(Payloads.chunk("Hel"), Payloads.chunk("lo"), Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(withContent.stream(Payloads.request()).map(ChatCompletionChunk::text))
			.expectNext("Hel", "lo", "")
			.verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasHighCardinalityKeyValue("gen_ai.prompt", "user: Say hello")
			.hasHighCardinalityKeyValue("gen_ai.completion", "Hello");
	}

	@Test
	void whenTheProviderProfileIsSetThenItNamesTheProvider() {
		ProviderProfile profile = new ProviderProfile() {

			@Override
			public String name() {
				return "acme";
			}

		};
		ChatCompletionsClient acme = this.client.mutate().provider(profile).baseUrl(this.server.baseUrl()).build();
		this.server.reply(FakeChatServer.json(200, Payloads.completion("Hi")));
		StepVerifier.create(acme.create(Payloads.request())).expectNextCount(1).verifyComplete();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("gen_ai.provider.name", "acme");
	}

	@Test
	void whenNoRegistryIsSetThenTheClientIsNotDecorated() {
		ChatCompletionsClient plain = ChatCompletionsClient.builder().baseUrl(this.server.baseUrl()).build();
		assertThat(plain).isInstanceOf(DefaultChatCompletionsClient.class);
		assertThat(this.client).isInstanceOf(ObservedChatCompletionsClient.class);
	}

	private double tokens(String type) {
		return this.meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", type).summary().totalAmount();
	}

}
