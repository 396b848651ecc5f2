package dev.chatconversation.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Connect, first-byte, stream-idle and total timeouts (scenarios 21 to 23 and 27). The
 * first three run in real time with limits of a few hundred milliseconds, the timeouts
 * under test; total timeouts run in virtual time.
 */
class ChatCompletionsClientTimeoutTests {

	private static final Duration SHORT = Duration.ofMillis(200);

	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1),
			Duration.ofSeconds(60));

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final RecordingVirtualTimeScheduler time = new RecordingVirtualTimeScheduler();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.timeouts(Timeouts.DEFAULTS.withFirstByte(SHORT))
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@Test
	void whenTheServerNeverAnswersThenTheCallFailsAtTheFirstByteTimeoutAndClosesTheConnection() {
		this.server.reply(FakeChatServer.never());
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiTimeoutException.class)
				.hasMessage("No response within 200 ms of sending the request");
			assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.FIRST_BYTE);
			assertThat(((ApiTimeoutException) failure).timeout()).isEqualTo(SHORT);
		}).verify();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenTheServerNeverAnswersAStreamThenEachAttemptTimesOutAndIsRetried() {
		this.server.reply(FakeChatServer.never());
		StepVerifier.create(this.client.mutate().retryPolicy(FAST).build().stream(Payloads.request()))
			.expectErrorSatisfies((failure) -> {
				assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.FIRST_BYTE);
				assertThat(((ApiTimeoutException) failure).attempts()).isEqualTo(3);
			})
			.verify();
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertThat(this.server.awaitNoOpenConnections(PROMPTLY)).isTrue();
	}

	@Test
	void whenAStreamStallsWithOnlyKeepAliveCommentsThenTheIdleTimeoutFiresAndItIsNotRetried() {
		ChatCompletionsClient idle = idleAfter300Millis(RetryPolicy.DEFAULTS);
		this.server.reply(FakeChatServer.stream(Flux.concat(Flux.just(Payloads.chunk("a"), Payloads.chunk("b")),
				FakeChatServer.pings(Duration.ofMillis(50)))));
		StepVerifier.create(idle.stream(Payloads.request())).expectNextCount(2).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiTimeoutException.class)
				.hasMessageContaining("keep-alive comments do not count")
				.hasMessageContaining("; 2 chunks delivered, the subscriber takes every chunk, ");
			assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.STREAM_IDLE);
			assertThat(((ApiTimeoutException) failure).attempts()).isOne();
		}).verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenAStreamIdlesBecauseItsSubscriberAskedForNoMoreThenTheTimeoutSaysSo() {
		ChatCompletionsClient idle = idleAfter300Millis(RetryPolicy.NONE);
		// five chunks in one write, then only keep-alive comments: the subscriber takes
		// two and asks for no more, so three wait for it
		this.server.reply(
				FakeChatServer
					.stream(Flux.concat(
							Flux.just(Payloads.chunk("a") + Payloads.chunk("b") + Payloads.chunk("c")
									+ Payloads.chunk("d") + Payloads.chunk("e")),
							FakeChatServer.pings(Duration.ofMillis(50)))));
		StepVerifier.create(idle.stream(Payloads.request()), 2).expectNextCount(2).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiTimeoutException.class)
				.hasMessageContaining("; 2 chunks delivered, the subscriber has asked for no more: 3 chunks ")
				.hasMessageEndingWith(" for its demand");
			assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.STREAM_IDLE);
		}).verify();
	}

	@Test
	void whenAStreamIdlesWithDemandLeftThenTheTimeoutSaysHowMuchTheSubscriberAskedFor() {
		ChatCompletionsClient idle = idleAfter300Millis(RetryPolicy.NONE);
		this.server.reply(FakeChatServer.stream(Flux.concat(Flux.just(Payloads.chunk("a")), Flux.never())));
		StepVerifier.create(idle.stream(Payloads.request()), 4).expectNextCount(1).expectErrorSatisfies((failure) -> {
			assertThat(failure).hasMessageEndingWith(
					"; 1 chunk delivered, the subscriber has asked for 3 more, waiting for the server's next bytes");
		}).verify();
	}

	@Test
	void whenAStreamKeepsSendingEventsThenTheIdleTimeoutDoesNotFire() {
		ChatCompletionsClient idle = this.client.mutate()
			.timeouts(Timeouts.DEFAULTS.withStreamIdle(Duration.ofMillis(400)))
			.build();
		Flux<String> steady = Flux.interval(Duration.ofMillis(40)).take(15).map((tick) -> Payloads.chunk("t" + tick));
		this.server.reply(FakeChatServer.stream(Flux.concat(steady, Flux.just(Payloads.finish(), Payloads.DONE))));
		StepVerifier.create(idle.stream(Payloads.request())).expectNextCount(16).verifyComplete();
	}

	@Test
	void whenTheRequestHasALongerTotalTimeoutThenItOverridesTheClients() {
		Sinks.Empty<Void> release = Sinks.empty();
		this.server
			.reply(FakeChatServer.after(release.asMono(), FakeChatServer.json(200, Payloads.completion("late"))));
		ChatCompletionsClient strict = this.client.mutate()
			.timeouts(Timeouts.NONE.withTotal(Duration.ofSeconds(1)))
			.build();
		ChatCompletionRequest patient = Payloads.request().mutate().timeout(Duration.ofSeconds(10)).build();
		StepVerifier.withVirtualTime(() -> strict.create(patient), () -> this.time, Long.MAX_VALUE)
			.then(() -> this.server.awaitRequest(1, PROMPTLY))
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(9)))
			.then(release::tryEmitEmpty)
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.time.delays()).containsExactly(Duration.ofSeconds(10));
	}

	@Test
	void whenTheRequestHasAShorterTotalTimeoutThenItFailsThenWithoutRetryAndClosesTheConnection() {
		this.server.reply(FakeChatServer.never());
		ChatCompletionsClient retrying = this.client.mutate().timeouts(Timeouts.DEFAULTS).retryPolicy(FAST).build();
		ChatCompletionRequest hurried = Payloads.request().mutate().timeout(Duration.ofSeconds(1)).build();
		StepVerifier.withVirtualTime(() -> retrying.create(hurried), () -> this.time, Long.MAX_VALUE)
			.then(() -> this.server.awaitRequest(1, PROMPTLY))
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(1)))
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ApiTimeoutException.class)
					.hasMessage("The request took longer than its total timeout of 1 s");
				assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.TOTAL);
				assertThat(((ApiTimeoutException) failure).isRetryable()).isFalse();
			})
			.verify();
		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenASteadyStreamOutlastsItsTotalTimeoutThenItFailsAfterTheChunksDelivered() {
		Sinks.Many<String> wire = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.stream(wire.asFlux()));
		ChatCompletionsClient unlimited = this.client.mutate().timeouts(Timeouts.NONE).build();
		ChatCompletionRequest request = Payloads.request().mutate().timeout(Duration.ofSeconds(3)).build();
		StepVerifier.withVirtualTime(() -> unlimited.stream(request), () -> this.time, Long.MAX_VALUE)
			.then(() -> wire.tryEmitNext(Payloads.chunk("a")))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("a"))
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(2)))
			.then(() -> wire.tryEmitNext(Payloads.chunk("b")))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("b"))
			.then(() -> this.time.advanceTimeBy(Duration.ofSeconds(1)))
			.expectErrorSatisfies((failure) -> assertThat(((ApiTimeoutException) failure).kind())
				.isEqualTo(ApiTimeoutException.Kind.TOTAL))
			.verify();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void whenTheServerCannotAcceptTheConnectionThenTheConnectTimeoutFiresAndIsRetried() throws IOException {
		try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> queued = fillAcceptQueue(full);
			try {
				assumeThat(queued).as("the accept queue could be filled").isNotEmpty();
				ChatCompletionsClient unreachable = ChatCompletionsClient.builder()
					.baseUrl("http://127.0.0.1:" + full.getLocalPort() + "/v1")
					.timeouts(Timeouts.DEFAULTS.withConnect(SHORT))
					.retryPolicy(FAST)
					.build();
				StepVerifier.create(unreachable.create(Payloads.request())).expectErrorSatisfies((failure) -> {
					assertThat(failure).isInstanceOf(ApiTimeoutException.class)
						.hasMessage("No connection within 200 ms");
					assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.CONNECT);
					assertThat(((ApiTimeoutException) failure).attempts()).isEqualTo(3);
				}).verify();
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	/**
	 * Connects until the kernel's accept queue of a server that never accepts is full,
	 * after which it drops new connection attempts instead of refusing them.
	 * @return the queued connections, or none if the queue never filled
	 */
	private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
		List<Socket> queued = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 100);
				queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return queued;
			}
		}
		for (Socket socket : queued) {
			socket.close();
		}
		return List.of();
	}

	/** The test's client with a 300 ms stream-idle timeout and the given retries. */
	private ChatCompletionsClient idleAfter300Millis(RetryPolicy retries) {
		return this.client.mutate()
			.timeouts(Timeouts.DEFAULTS.withStreamIdle(Duration.ofMillis(300)))
			.retryPolicy(retries)
			.build();
	}

}
