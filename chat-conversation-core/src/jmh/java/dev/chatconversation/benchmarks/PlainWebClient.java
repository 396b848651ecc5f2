package dev.chatconversation.benchmarks;

import java.time.Duration;

import dev.chatconversation.client.LibraryPools;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The floor of any {@code WebClient}-backed client: Spring's {@link WebClient} on the
 * same Reactor Netty pool settings as the raw baseline, posting pre-encoded bytes and
 * counting {@code data:} lines like {@link RawReactorNetty}, with no JSON parsing and
 * none of the library's code. Not a contender of the goals: it tells how much of the
 * library's gap to the raw floor {@code WebClient} itself takes.
 */
final class PlainWebClient implements Contender {

	private final ConnectionProvider pool;

	private final WebClient webClient;

	private final byte[] streamBody;

	private final byte[] createBody;

	PlainWebClient(String baseUrl, int maxConnections) {
		this.pool = LibraryPools.create(maxConnections);
		this.webClient = WebClient.builder()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
			.defaultHeaders((headers) -> headers.setBearerAuth("sk-bench"))
			.build();
		this.streamBody = RawReactorNetty.body(true);
		this.createBody = RawReactorNetty.body(false);
	}

	@Override
	public String name() {
		return "webclient";
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		return Mono.defer(() -> {
			RawReactorNetty.DataLineCounter counter = new RawReactorNetty.DataLineCounter(probe);
			return this.webClient.post()
				.uri("/v1/chat/completions" + spec.queryString())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(this.streamBody)
				.retrieve()
				.bodyToFlux(DataBuffer.class)
				.doOnNext((buffer) -> {
					try {
						count(buffer, counter);
					}
					finally {
						DataBufferUtils.release(buffer);
					}
				})
				.then(Mono.fromCallable(() -> counter.check(spec)));
		});
	}

	private static void count(DataBuffer buffer, RawReactorNetty.DataLineCounter counter) {
		if (buffer instanceof NettyDataBuffer netty) {
			netty.getNativeBuffer().forEachByte(counter);
			return;
		}
		for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
			counter.process(buffer.getByte(i));
		}
	}

	@Override
	public Mono<Integer> complete() {
		return this.webClient.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(this.createBody)
			.retrieve()
			.bodyToMono(byte[].class)
			.map((bytes) -> bytes.length);
	}

	@Override
	public void close() {
		this.pool.disposeLater().block(Duration.ofSeconds(30));
	}

}
