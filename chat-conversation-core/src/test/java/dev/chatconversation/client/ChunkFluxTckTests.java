package dev.chatconversation.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.chatconversation.client.model.ChatCompletionChunk;
import io.netty.buffer.Unpooled;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * The Reactive Streams TCK (1.0.4) over {@link ChunkFlux}, the only publisher the library
 * implements itself (everything else is composed of Reactor operators). The body's
 * buffers arrive on other threads, as a connection's do, and hold three events each, so
 * that chunks queue in the operator when the subscriber asks for fewer. A stream of
 * {@code n} chunks is {@code n - 1} content chunks and one with a finish reason, then
 * {@code [DONE]}; the longest, of {@code Long.MAX_VALUE - 1} chunks, is read lazily, so
 * the TCK's rules on unbounded demand run too. Run by TestNG through the JUnit Platform's
 * TestNG engine.
 */
public class ChunkFluxTckTests extends PublisherVerification<ChatCompletionChunk> {

	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(Unpooled.buffer().alloc());

	private static final int EVENTS_PER_BUFFER = 3;

	private final ChatExceptions exceptions = new ChatExceptions(new SecretRedactor(null),
			URI.create("http://localhost/v1/chat/completions"), null);

	public ChunkFluxTckTests() {
		// generous limits: the build machine is shared
		super(new TestEnvironment(1000, 200), 1000);
	}

	@Override
	public Publisher<ChatCompletionChunk> createPublisher(long elements) {
		Flux<String> events = Flux.generate(() -> 0L, (i, sink) -> {
			sink.next((i < elements - 1) ? Payloads.chunk("c" + i)
					: (i == elements - 1) ? Payloads.finish() : Payloads.DONE);
			if (i == elements) {
				sink.complete();
			}
			return i + 1;
		});
		return decode(events.buffer(EVENTS_PER_BUFFER)
			.map((group) -> buffer(String.join("", group)))
			.publishOn(Schedulers.parallel(), 2));
	}

	@Override
	public Publisher<ChatCompletionChunk> createFailedPublisher() {
		return decode(Flux.error(new IOException("Connection reset")));
	}

	private Flux<ChatCompletionChunk> decode(Flux<DataBuffer> body) {
		return new ChunkFlux(body, 1 << 20, new StreamWatchdog(Timeouts.NONE), this.exceptions, null);
	}

	private static DataBuffer buffer(String text) {
		return BUFFERS.wrap(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
	}

}
