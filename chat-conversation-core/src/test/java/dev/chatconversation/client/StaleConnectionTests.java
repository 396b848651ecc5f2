package dev.chatconversation.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.client.model.ChatCompletion;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled connections against a server that closes idle keep-alive connections without
 * telling the client: a request that arrives on a connection the server has given up is
 * dropped with the connection, as when the server's close and the request cross. A pool
 * whose idle time is below the server's never sends a request on such a connection.
 */
class StaleConnectionTests {

	private static final Duration SERVER_KEEP_ALIVE = Duration.ofMillis(500);

	private final Set<Channel> stale = ConcurrentHashMap.newKeySet();

	private final AtomicInteger droppedOnArrival = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile CountDownLatch idle = new CountDownLatch(1);

	private final DisposableServer server = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.doOnConnection((connection) -> this.connections.incrementAndGet())
		.handle((request, response) -> {
			Channel[] channel = new Channel[1];
			request.withConnection((connection) -> channel[0] = connection.channel());
			return request.receive().aggregate().then(Mono.defer(() -> {
				if (this.stale.contains(channel[0])) {
					this.droppedOnArrival.incrementAndGet();
					channel[0].close();
					return Mono.empty();
				}
				return response.header("content-type", "application/json")
					.sendString(Mono.just(Payloads.completion("Hello")))
					.then()
					.doOnSuccess((done) -> giveUpLater(channel[0]));
			}));
		})
		.bindNow();

	private ConnectionProvider pool;

	@AfterEach
	void stop() {
		this.server.disposeNow(Duration.ofSeconds(2));
		if (this.pool != null) {
			this.pool.disposeLater().block(Duration.ofSeconds(2));
		}
	}

	@Test
	void whenThePoolsIdleTimeIsBelowTheServersThenNoRequestGoesToAConnectionTheServerGaveUp()
			throws InterruptedException {
		ChatCompletionsClient client = client(SERVER_KEEP_ALIVE.dividedBy(5));
		assertThat(client.create(Payloads.request()).block(Duration.ofSeconds(10))).isNotNull();
		awaitServerGaveUp();
		ChatCompletion second = client.create(Payloads.request()).block(Duration.ofSeconds(10));
		assertThat(second.text()).isEqualTo("Hello");
		assertThat(this.droppedOnArrival).hasValue(0);
		assertThat(this.connections).hasValue(2);
	}

	@Test
	void whenThePoolKeepsConnectionsLongerThanTheServerThenARequestGoesToAConnectionTheServerGaveUp()
			throws InterruptedException {
		ChatCompletionsClient client = client(Duration.ofMinutes(1));
		client.create(Payloads.request()).block(Duration.ofSeconds(10));
		awaitServerGaveUp();
		client.create(Payloads.request()).onErrorResume((failure) -> Mono.empty()).block(Duration.ofSeconds(10));
		assertThat(this.droppedOnArrival).hasValue(1);
	}

	private ChatCompletionsClient client(Duration maxIdleTime) {
		this.pool = ConnectionPools.create(10, maxIdleTime);
		return ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.port() + "/v1")
			.httpClient(HttpClient.create(this.pool))
			.retryPolicy(RetryPolicy.NONE)
			.build();
	}

	private void giveUpLater(Channel channel) {
		CountDownLatch latch = this.idle;
		Schedulers.parallel().schedule(() -> {
			this.stale.add(channel);
			latch.countDown();
		}, SERVER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void awaitServerGaveUp() throws InterruptedException {
		assertThat(this.idle.await(10, TimeUnit.SECONDS)).isTrue();
	}

}
