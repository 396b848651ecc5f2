package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.ResourceLeakDetector;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The behaviour below the library that issue 17 met, on plain {@code WebClient} and
 * Reactor Netty, without the library: calls cancelled from another thread just as their
 * response headers arrive, against a server that sends the headers and a first piece of
 * body, then holds the body open (a model still writing a long reply). Prints how many
 * connections were still open a while after their call was cancelled; each is a
 * connection {@code WebClient} keeps reading, in {@code releaseAfterCancel} or
 * {@code releaseBody}, instead of closing it, because the cancel landed between the
 * response headers and the first subscription to the body. Run with
 * {@code -Dio.netty.leakDetection.level=paranoid} to see Netty's leak reports as well.
 *
 * <p>
 * Arguments: tries (default 200), longest spin in microseconds between letting the server
 * answer and cancelling (default 1500), seconds to wait for the closes (default 3). Run
 * from a shell: {@code java -Dio.netty.leakDetection.level=paranoid -cp <test classpath>
 * dev.chatconversation.client.PlainWebClientCancelReproduction 200 1500 3}.
 * {@link CallConnection} is the library's work-around.
 */
public final class PlainWebClientCancelReproduction {

	private PlainWebClientCancelReproduction() {
	}

	public static void main(String[] args) throws InterruptedException {
		int tries = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		long maxSpin = TimeUnit.MICROSECONDS.toNanos((args.length > 1) ? Long.parseLong(args[1]) : 1500);
		int wait = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		List<Sinks.Empty<Void>> releases = new ArrayList<>();
		List<Channel> channels = new ArrayList<>();
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			Sinks.Empty<Void> release = Sinks.empty();
			synchronized (releases) {
				request.withConnection((connection) -> channels.add(connection.channel()));
				releases.add(release);
				releases.notifyAll();
			}
			return request.receive()
				.then(release.asMono())
				.then(response.header("content-type", "application/json")
					.send(Flux.concat(Mono.just(buffer("{\"id\":\"chatcmpl-1\",")), Flux.never()), (buffer) -> true)
					.then());
		}).bindNow();
		WebClient client = WebClient.create("http://127.0.0.1:" + server.port());
		Random random = new Random(17);
		for (int i = 0; i < tries; i++) {
			Disposable call = client.post()
				.uri("/v1/chat/completions")
				.bodyValue("{}")
				.exchangeToMono((response) -> response.bodyToMono(String.class))
				.subscribe(null, (failure) -> {
				});
			Sinks.Empty<Void> release = awaitRequest(releases, i);
			long until = System.nanoTime() + (long) (random.nextDouble() * maxSpin);
			release.tryEmitEmpty();
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
			call.dispose();
		}
		List<Channel> opened;
		synchronized (releases) {
			opened = List.copyOf(channels);
		}
		int open = countOpen(opened, Duration.ofSeconds(wait));
		System.gc();
		PooledByteBufAllocator.DEFAULT.buffer(16).release();
		System.out.println("tries=" + tries + " still-open-after-" + wait + "s=" + open + " leak-detection="
				+ ResourceLeakDetector.getLevel());
		server.disposeNow();
		System.exit(0);
	}

	private static Sinks.Empty<Void> awaitRequest(List<Sinks.Empty<Void>> releases, int index)
			throws InterruptedException {
		synchronized (releases) {
			while (releases.size() <= index) {
				releases.wait(10_000);
			}
			return releases.get(index);
		}
	}

	private static int countOpen(List<Channel> channels, Duration wait) throws InterruptedException {
		CountDownLatch closed = new CountDownLatch(channels.size());
		channels.forEach((channel) -> channel.closeFuture().addListener((future) -> closed.countDown()));
		closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
		return (int) closed.getCount();
	}

	private static ByteBuf buffer(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
	}

}
