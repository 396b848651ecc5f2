package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import dev.chatconversation.testfixture.FakeChatServer.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: calls cancelled from another thread just as their response arrives, under
 * paranoid leak detection (the build's setting). The cancel lands, from one try to the
 * next, before the response, between the response and the body's first read, and while
 * the body is read: no buffer leaks, and a cancelled call never keeps its connection open
 * waiting for the rest of a body (a model still writing a long reply would go on spending
 * tokens for nobody). {@code -Dchat.race.tries} sets the tries per case.
 */
class CancelAsResponseArrivesTests {

	private static final int TRIES = Integer.getInteger("chat.race.tries", 60);

	/**
	 * The tries of the whole-response case: its leak (the end of a body left in the
	 * inbound queue of a connection already back in the pool) showed about twice in 1,500
	 * tries before it was fixed, so 60 would rarely see it come back.
	 */
	private static final int WHOLE_RESPONSE_TRIES = Integer.getInteger("chat.race.tries", 1500);

	/** The longest spin between releasing the response and cancelling. */
	private static final long MAX_SPIN_NANOS = 1_500_000;

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final LeakReports leaks = new LeakReports();

	private final Random random = new Random(17);

	private ChatCompletionsClient client;

	@BeforeEach
	void startClientAndCaptureLeaks() {
		this.leaks.start();
		this.client = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.maxConnections(8)
			.retryPolicy(RetryPolicy.NONE)
			.build();
	}

	@AfterEach
	void closeClientAndCheckNothingLeaked() {
		this.client.close();
		assertThat(this.leaks.stop()).isEmpty();
	}

	@Test
	void whenCallsAreCancelledAsTheirWholeResponseArrivesThenNoBufferLeaks() {
		Reply whole = FakeChatServer.json(200, Payloads.completion(Payloads.filler(20_000)));
		cancelAsResponseArrives(whole, WHOLE_RESPONSE_TRIES, () -> this.client.create(Payloads.request()));
		assertThat(this.server.requestCount()).isEqualTo(WHOLE_RESPONSE_TRIES);
	}

	@Test
	void whenStreamsAreCancelledAsTheirResponseArrivesThenNoBufferLeaks() {
		Reply stream = FakeChatServer.stream(Flux.just(Payloads.chunk("Hello, w"), Payloads.chunk("örld 🌍"),
				Payloads.chunk(Payloads.filler(3_000)), Payloads.finish(), Payloads.DONE));
		cancelAsResponseArrives(stream, () -> this.client.stream(Payloads.request()));
		assertThat(this.server.requestCount()).isEqualTo(TRIES);
	}

	@Test
	void whenACallIsCancelledAsItsResponseHeadersArriveThenItsConnectionClosesAtOnce() {
		List<Exchange> exchanges = cancelAsResponseArrives(held("application/json", "{\"id\":\"chatcmpl-1\","),
				() -> this.client.create(Payloads.request()));
		assertThat(exchanges).hasSize(TRIES).allMatch((exchange) -> exchange.awaitClosed(CLOSE_WAIT));
	}

	@Test
	void whenAStreamIsCancelledAsItsResponseHeadersArriveThenItsConnectionClosesAtOnce() {
		List<Exchange> exchanges = cancelAsResponseArrives(held("text/event-stream", Payloads.chunk("Hel")),
				() -> this.client.stream(Payloads.request()));
		assertThat(exchanges).hasSize(TRIES).allMatch((exchange) -> exchange.awaitClosed(CLOSE_WAIT));
	}

	/**
	 * Runs the tries of one case, one call at a time, each cancelled from this thread
	 * after a random spin that starts when the server is let answer.
	 * @return the exchanges, in order
	 */
	private List<Exchange> cancelAsResponseArrives(Reply reply, Supplier<Publisher<?>> call) {
		return cancelAsResponseArrives(reply, TRIES, call);
	}

	private List<Exchange> cancelAsResponseArrives(Reply reply, int tries, Supplier<Publisher<?>> call) {
		List<Exchange> exchanges = new ArrayList<>();
		for (int i = 0; i < tries; i++) {
			Sinks.Empty<Void> release = Sinks.empty();
			this.server.reply(FakeChatServer.after(release.asMono(), reply));
			Disposable running = Flux.from(call.get()).subscribe(null, (failure) -> {
			});
			exchanges.add(this.server.awaitRequest(i + 1, Duration.ofSeconds(10)));
			long until = System.nanoTime() + (long) (this.random.nextDouble() * MAX_SPIN_NANOS);
			release.tryEmitEmpty();
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
			running.dispose();
		}
		return exchanges;
	}

	/** Headers and a first piece of body, then nothing: a reply still being written. */
	private static Reply held(String contentType, String first) {
		return (response, channel) -> response.status(200)
			.header("content-type", contentType)
			.send(Flux.concat(Flux.just(buffer(first)), Flux.never()), (buffer) -> true)
			.then();
	}

	private static ByteBuf buffer(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

}
