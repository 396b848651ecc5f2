package dev.chatconversation.client;

import java.time.Duration;
import java.util.stream.Stream;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Streams over a real socket: incremental delivery, errors inside a 200 stream, abrupt
 * and clean ends, cancellation, {@code [DONE]} on a connection left open, and large
 * events (scenarios 19, 20, 24 to 26 and 28).
 */
class ChatCompletionsClientStreamingTests {

	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.build();

	@Test
	void whenTheServerSendsTheFirstChunkThenTheSubscriberGetsItBeforeTheRestIsSent() {
		Sinks.Many<String> wire = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.stream(wire.asFlux()));
		String second = Payloads.chunk(" world");
		StepVerifier.create(this.client.stream(Payloads.request()))
			.then(() -> wire.tryEmitNext(": OPENROUTER PROCESSING\n\n" + Payloads.chunk("Hello")))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("Hello"))
			.then(() -> wire.tryEmitNext(second.substring(0, 20)))
			.then(() -> wire.tryEmitNext(second.substring(20)))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo(" world"))
			.then(() -> {
				wire.tryEmitNext(Payloads.finish() + Payloads.DONE);
				wire.tryEmitComplete();
			})
			.assertNext((chunk) -> assertThat(chunk.choices().get(0).finishReason()).isEqualTo("stop"))
			.verifyComplete();
	}

	@Test
	void whenAFixtureIsStreamedThenEveryChunkArrivesAndTheFluxCompletesAtDone() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.fixture("openai/stream-text-basic.sse"))));
		StepVerifier
			.create(this.client.stream(Payloads.request()).map(ChatCompletionChunk::text).reduce(String::concat))
			.assertNext((text) -> assertThat(text).startsWith("I'm unable to provide"))
			.verifyComplete();
	}

	static Stream<Arguments> errorEvents() {
		return Stream.of(
				arguments("OpenAI error object",
						"data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
						"The server had an error", "server_error"),
				arguments("vLLM error object", """
						data: {"object":"error","message":"max_tokens is too large","type":"BadRequestError",\
						"param":null,"code":400}

						""", "max_tokens is too large", "BadRequestError"),
				arguments("error event", "event: error\ndata: {\"message\":\"Overloaded\",\"type\":\"overloaded\"}\n\n",
						"Overloaded", "overloaded"),
				arguments("OpenRouter error with finish reason", """
						data: {"id":"gen-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":\
						{"content":""},"finish_reason":"error"}],"error":{"code":502,"message":"Provider disconnected"}}

						""", "Provider disconnected", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errorEvents")
	void whenTheStreamCarriesAnErrorAfterThreeChunksThenItFailsAfterExactlyThoseWithoutRetrying(String name,
			String errorEvent, String message, String type) {
		this.server.reply(FakeChatServer.stream(Flux.concat(
				Flux.just(Payloads.chunk("a"), Payloads.chunk("b"), Payloads.chunk("c"), errorEvent), Flux.never())));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(3)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(StreamErrorException.class).hasMessageContaining(message);
				StreamErrorException error = (StreamErrorException) failure;
				assertThat(error.statusCode()).isEqualTo(200);
				assertThat(error.error().message()).isEqualTo(message);
				assertThat(error.error().type()).isEqualTo(type);
				assertThat(error.isRetryable()).isFalse();
			})
			.verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenTheBodyTurnsIntoBareJsonAfterThe200ThenTheStreamFailsWithItsDetail() {
		this.server.reply(FakeChatServer.stream(
				Flux.just(Payloads.chunk("Bon"), "{\"detail\": \"Model is not reachable: upstream timed out\"}\n")));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(1)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("stopped being an event stream")
				.hasMessageContaining("Model is not reachable: upstream timed out"))
			.verify();
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheConnectionIsResetAfterTwoChunksThenTheStreamFailsWithoutRetrying() {
		// reset only once both chunks were read: a reset may discard data still unread
		Sinks.Many<String> wire = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.streamThenReset(wire.asFlux()));
		wire.tryEmitNext(Payloads.chunk("a") + Payloads.chunk("b"));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(2)
			.then(wire::tryEmitComplete)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ApiConnectionException.class);
				assertThat(((ApiConnectionException) failure).attempts()).isOne();
			})
			.verify();
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheConnectionClosesInTheMiddleOfTheChunkedBodyThenTheStreamFailsAsAConnectionError() {
		this.server.reply(FakeChatServer.streamThenClose(Flux.just(Payloads.chunk("a"), Payloads.chunk("b"))));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(2)
			.expectError(ApiConnectionException.class)
			.verify();
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheBodyEndsWithoutFinishReasonOrDoneThenTheStreamFailsAsTruncated() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.chunk("a"), Payloads.chunk("b"))));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(2)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("ended before [DONE] or a finish reason"))
			.verify();
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheServerClosesACloseDelimitedBodyWithoutDoneThenTheStreamFailsAsTruncated() {
		this.server.reply(FakeChatServer.streamUntilClose(Flux.just(Payloads.chunk("a"), Payloads.chunk("b"))));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(2)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("ended before [DONE]"))
			.verify();
	}

	@Test
	void whenTheBodyEndsAfterAFinishReasonWithoutDoneThenTheStreamCompletes() {
		this.server.reply(FakeChatServer.streamUntilClose(Flux.just(Payloads.chunk("a"), Payloads.finish())));
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(2).verifyComplete();
	}

	@Test
	void whenDoneArrivesOnAConnectionLeftOpenThenTheFluxCompletesAndTheClientClosesIt() {
		this.server.reply(FakeChatServer
			.stream(Flux.concat(Flux.just(Payloads.chunk("a"), Payloads.finish(), Payloads.DONE), Flux.never())));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(2)
			.expectComplete()
			.verify(PROMPTLY);
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenTheSubscriberCancelsAfterThreeChunksThenTheServerSeesTheConnectionClose() {
		Sinks.Many<String> wire = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.stream(wire.asFlux()));
		wire.tryEmitNext(Payloads.chunk("a") + Payloads.chunk("b") + Payloads.chunk("c"));
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(3).thenCancel().verify();
		Exchange exchange = this.server.awaitRequest(1, PROMPTLY);
		assertThat(exchange.awaitClosed(PROMPTLY)).isTrue();
		assertThat(this.server.awaitNoOpenConnections(PROMPTLY)).isTrue();
		assertThat(this.server.openConnections()).isZero();
		assertThat(this.server.requestCount()).isOne();
	}

	@Test
	void whenTheSubscriptionIsDisposedThenTheServerSeesTheConnectionClose() {
		this.server.reply(FakeChatServer.stream(Flux.concat(Flux.just(Payloads.chunk("a")), Flux.never())));
		Disposable subscription = this.client.stream(Payloads.request()).subscribe();
		Exchange exchange = this.server.awaitRequest(1, PROMPTLY);
		subscription.dispose();
		assertThat(exchange.awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenACompletionIsOneMegabyteThenItIsRead() {
		String content = Payloads.filler(1024 * 1024);
		this.server.reply(FakeChatServer.json(200, Payloads.completion(content)));
		StepVerifier.create(this.client.create(Payloads.request()))
			.assertNext(
					(completion) -> assertThat(completion.choices().get(0).message().text()).hasSize(content.length()))
			.verifyComplete();
	}

	@Test
	void whenOneEventIsHalfAMegabyteThenItIsRead() {
		String arguments = Payloads.filler(512 * 1024);
		this.server
			.reply(FakeChatServer.stream(Flux.just(Payloads.chunk(arguments), Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.assertNext((chunk) -> assertThat(chunk.text()).hasSize(arguments.length()))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void whenACompletionExceedsTheMaximumSizeThenItFailsAsTooLargeAndTheConnectionCloses() {
		this.server.reply(FakeChatServer.json(200, Payloads.completion(Payloads.filler(1024 * 1024))));
		ChatCompletionsClient small = this.client.mutate().maxResponseSize(100_000).build();
		StepVerifier.create(small.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ResponseTooLargeException.class)
				.hasMessageContaining("larger than the configured maximum response size"))
			.verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenAnEventExceedsTheMaximumSizeThenTheStreamFailsAsTooLargeAndTheConnectionCloses() {
		this.server.reply(FakeChatServer.stream(Flux
			.concat(Flux.just(Payloads.chunk("a"), Payloads.chunk(Payloads.filler(512 * 1024))), Flux.never())));
		ChatCompletionsClient small = this.client.mutate().maxResponseSize(100_000).build();
		StepVerifier.create(small.stream(Payloads.request()))
			.expectNextCount(1)
			.expectError(ResponseTooLargeException.class)
			.verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenAChunkIsMalformedThenTheStreamFailsNamingTheEventWithoutRetrying() {
		this.server.reply(FakeChatServer.stream(
				Flux.concat(Flux.just(Payloads.chunk("a"), "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":\n\n"),
						Flux.never())));
		StepVerifier.create(this.client.stream(Payloads.request()))
			.expectNextCount(1)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ResponseDecodingException.class)
				.hasMessageContaining("2"))
			.verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

}
