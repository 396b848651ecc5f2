package dev.chatconversation.soak;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.chatconversation.testfixture.FakeChatServer;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The soak's scripted server on 127.0.0.1: each request names its turn in a header, and
 * gets the reply its turn's {@link Scenario} scripts for that attempt. It keeps nothing
 * per request but a count per turn, so a long soak does not grow it, and it counts the
 * connections it has open. It is bound and answers as {@link FakeChatServer} does, which
 * records every request.
 */
final class SoakServer implements AutoCloseable {

	/** The request header that carries the turn number. */
	static final String TURN_HEADER = "x-soak-turn";

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private final Map<Integer, Scripted> turns = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final DisposableServer server;

	SoakServer() {
		this.server = FakeChatServer.bind(this.channels, this::handle);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/** Announces a turn before it is sent. */
	void expect(int id, Scenario scenario) {
		this.turns.put(id, new Scripted(id, scenario));
	}

	/** Tells the server the caller has the pieces it must receive. */
	void received(int id) {
		this.turns.get(id).delivered.tryEmitEmpty();
	}

	/** The requests a turn that has ended made; the server then forgets it. */
	Attempts attemptsOf(int id) {
		Scripted turn = this.turns.remove(id);
		return new Attempts(turn.attempts.get(), Duration.ofNanos(turn.last.get() - turn.first.get()));
	}

	int requests() {
		return this.requests.get();
	}

	/** The connections open now, as the server sees them. */
	int openConnections() {
		// a closed channel leaves the group a little after its close future completes
		return (int) this.channels.stream().filter(Channel::isOpen).count();
	}

	/** Waits, at most {@code timeout}, until every connection is closed. */
	boolean awaitNoOpenConnections(Duration timeout) {
		return this.channels.newCloseFuture().awaitUninterruptibly(timeout.toMillis());
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Channel[] channel = new Channel[1];
		request.withConnection((connection) -> channel[0] = connection.channel());
		String id = request.requestHeaders().get(TURN_HEADER);
		Scripted turn = (id != null) ? this.turns.get(Integer.parseInt(id)) : null;
		return request.receive().then(Mono.defer(() -> {
			this.requests.incrementAndGet();
			if (turn == null) {
				// a request the client gave up on before it arrived
				return response.status(410).send();
			}
			turn.last.set(System.nanoTime());
			turn.first.compareAndSet(0, turn.last.get());
			int attempt = turn.attempts.incrementAndGet();
			return Mono.from(turn.scenario.reply(attempt, turn).send(response, channel[0]));
		}));
	}

	@Override
	public void close() {
		this.channels.close().awaitUninterruptibly(1000);
		this.server.disposeNow(Duration.ofSeconds(1));
	}

	/**
	 * The requests of one turn.
	 *
	 * @param count how many arrived
	 * @param spread the time from the first to the last
	 */
	record Attempts(int count, Duration spread) {

	}

	private record Scripted(int id, Scenario scenario, AtomicInteger attempts, AtomicLong first, AtomicLong last,
			Sinks.Empty<Void> delivered) implements Scenario.ServerTurn {

		Scripted(int id, Scenario scenario) {
			this(id, scenario, new AtomicInteger(), new AtomicLong(), new AtomicLong(), Sinks.empty());
		}

		@Override
		public Mono<Void> received() {
			return this.delivered.asMono();
		}

	}

}
