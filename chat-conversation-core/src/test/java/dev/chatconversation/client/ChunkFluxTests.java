package dev.chatconversation.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChunkFlux} on its own: demand reaches the body one network buffer at a time,
 * every buffer is released whatever happens, and the body is read to its end after
 * {@code [DONE]} but cancelled on a failure.
 */
class ChunkFluxTests {

	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(Unpooled.buffer().alloc());

	private final ChatExceptions exceptions = new ChatExceptions(new SecretRedactor(null),
			URI.create("http://localhost/v1/chat/completions"), null);

	private final List<ByteBuf> sent = new ArrayList<>();

	@AfterEach
	void everyBufferIsReleased() {
		assertThat(this.sent).allSatisfy((buffer) -> assertThat(buffer.refCnt()).isZero());
	}

	@Test
	void whenTheSubscriberAsksForOneChunkAtATimeThenChunksOfOneBufferComeInOrder() {
		Flux<DataBuffer> body = Flux
			.just(Payloads.chunk("a") + Payloads.chunk("b") + Payloads.chunk("c"), Payloads.finish() + Payloads.DONE)
			.map(this::buffer);
		StepVerifier.create(decode(body), 0)
			.thenRequest(1)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("a"))
			.thenRequest(1)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("b"))
			.thenRequest(2)
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("c"))
			.assertNext((chunk) -> assertThat(chunk.choices().get(0).finishReason()).isEqualTo("stop"))
			.verifyComplete();
	}

	@Test
	void whenTheBodyGoesOnAfterDoneThenItIsReadToItsEndAndNotCancelled() {
		List<String> signals = new ArrayList<>();
		Flux<DataBuffer> body = Flux.just(Payloads.chunk("a") + Payloads.finish() + Payloads.DONE, ": trailer\n\n")
			.map(this::buffer)
			.doOnCancel(() -> signals.add("cancel"))
			.doOnComplete(() -> signals.add("complete"));
		StepVerifier.create(decode(body)).expectNextCount(2).verifyComplete();
		assertThat(signals).containsExactly("complete");
	}

	@Test
	void whenTheBodyStaysOpenAfterDoneThenItIsCancelledAfterTheGrace() {
		Sinks.Many<DataBuffer> wire = Sinks.many().unicast().onBackpressureBuffer();
		List<String> signals = new ArrayList<>();
		wire.tryEmitNext(buffer(Payloads.chunk("a") + Payloads.finish() + Payloads.DONE));
		StepVerifier.create(decode(wire.asFlux().doOnCancel(() -> signals.add("cancel"))))
			.expectNextCount(2)
			.expectComplete()
			.verify(ChunkFlux.DONE_GRACE.plus(Duration.ofSeconds(2)));
		assertThat(signals).containsExactly("cancel");
	}

	@Test
	void whenAnEventIsMalformedThenTheChunksBeforeItComeFirstAndTheBodyIsCancelled() {
		List<String> signals = new ArrayList<>();
		Flux<DataBuffer> body = Flux
			.just(Payloads.chunk("a") + "data: {\"choices\":[\n\n" + Payloads.chunk("b"), Payloads.chunk("c"))
			.map(this::buffer)
			.doOnCancel(() -> signals.add("cancel"));
		StepVerifier.create(decode(body))
			.assertNext((chunk) -> assertThat(chunk.text()).isEqualTo("a"))
			.expectError(ResponseDecodingException.class)
			.verify();
		assertThat(signals).containsExactly("cancel");
	}

	@Test
	void whenTheSubscriberCancelsWithChunksQueuedThenTheBodyIsCancelledAndNothingLeaks() {
		List<String> signals = new ArrayList<>();
		Flux<DataBuffer> body = Flux.just(Payloads.chunk("a") + Payloads.chunk("b"), Payloads.chunk("c"))
			.map(this::buffer)
			.doOnCancel(() -> signals.add("cancel"));
		StepVerifier.create(decode(body), 1).expectNextCount(1).thenCancel().verify();
		assertThat(signals).containsExactly("cancel");
	}

	@Test
	void whenTheBodyEndsWithoutDoneOrFinishReasonThenTheStreamFailsAsTruncated() {
		Flux<DataBuffer> body = Flux.just(Payloads.chunk("a")).map(this::buffer);
		StepVerifier.create(decode(body))
			.expectNextCount(1)
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("ended before [DONE]"))
			.verify();
	}

	private Flux<ChatCompletionChunk> decode(Flux<DataBuffer> body) {
		StreamWatchdog watchdog = new StreamWatchdog(Timeouts.NONE);
		return new ChunkFlux(body, 1 << 20, watchdog, this.exceptions, null);
	}

	private DataBuffer buffer(String text) {
		ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
		this.sent.add(buffer);
		return BUFFERS.wrap(buffer);
	}

}
