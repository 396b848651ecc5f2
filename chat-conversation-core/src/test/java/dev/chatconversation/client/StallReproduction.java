package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.testfixture.FakeChatServer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A seeded stress run, meant for a fresh JVM (the stall of issue 18 showed only while the
 * JIT was cold): many concurrent streams from a local {@link FakeChatServer}, each read
 * the way WebFlux's SSE writer reads a reply (one chunk first, then small prefetching
 * requests and some cancels, all from threads other than the connection's event loop),
 * with a short stream-idle timeout, so that a stream whose demand was lost fails instead
 * of hanging. Prints one
 * {@code streams=.. complete=.. cancelled=.. stalls=.. failures=..} line and exits with 1
 * when a stream stalled or failed.
 *
 * <p>
 * Arguments: seed, streams, chunks per stream, milliseconds between chunks. The last
 * chunk, {@code [DONE]} and the end of the body go in one write, which is when the body's
 * end races the reader's request. {@link ColdStartStallTests} runs it in the build; a
 * longer loop runs it from a shell, for instance a hundred fresh JVMs:
 * {@code for i in $(seq 100); do java -Dstall.idle=20000 -cp <test classpath>
 * dev.chatconversation.client.StallReproduction $i 150 20 10; done}.
 */
public final class StallReproduction {

	/** The stream-idle timeout, {@code -Dstall.idle} milliseconds (default 2 s). */
	static final Duration IDLE = Duration.ofMillis(Long.getLong("stall.idle", 2000));

	private StallReproduction() {
	}

	public static void main(String[] args) throws InterruptedException {
		long seed = (args.length > 0) ? Long.parseLong(args[0]) : System.nanoTime();
		int streams = (args.length > 1) ? Integer.parseInt(args[1]) : 400;
		int chunks = (args.length > 2) ? Integer.parseInt(args[2]) : 60;
		int period = (args.length > 3) ? Integer.parseInt(args[3]) : 10;
		Result result = run(seed, streams, chunks, period);
		System.out.println(result);
		System.exit((result.stalls() + result.failures() == 0) ? 0 : 1);
	}

	static Result run(long seed, int streams, int chunks, int period) throws InterruptedException {
		FakeChatServer server = new FakeChatServer();
		// the last chunk, [DONE] and the end of the body in one write, as fast servers
		// send them
		server.reply(FakeChatServer.stream(Flux.range(0, chunks + 1)
			.delayElements(Duration.ofMillis(period))
			.map((i) -> (i < chunks) ? Payloads.chunk("w" + i + " ") : Payloads.finish() + Payloads.DONE)));
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl(server.baseUrl())
			.maxConnections(streams)
			.retryPolicy(RetryPolicy.NONE)
			.timeouts(Timeouts.DEFAULTS.withStreamIdle(IDLE))
			.build();
		// the server side of an SSE endpoint: its own event loops ask for more
		Scheduler writers = Schedulers.newParallel("writer", 4, true);
		Random random = new Random(seed);
		Tally tally = new Tally(streams);
		for (int i = 0; i < streams; i++) {
			int prefetch = 1 + random.nextInt(4);
			int cancelAfter = (random.nextInt(10) == 0) ? 1 + random.nextInt(chunks) : -1;
			client.stream(Payloads.request())
				.subscribe(new WriterLikeSubscriber(writers, prefetch, cancelAfter, tally));
		}
		boolean finished = tally.done.await(IDLE.multipliedBy(3).toMillis() + 10L * chunks * period + 30_000,
				TimeUnit.MILLISECONDS);
		client.close();
		writers.dispose();
		return new Result(streams, tally.complete.get(), tally.cancelled.get(),
				tally.stalls.get() + (finished ? 0 : (int) tally.done.getCount()), tally.failures.get(),
				List.copyOf(tally.errors));
	}

	/** What the streams did. */
	record Result(int streams, int complete, int cancelled, int stalls, int failures, List<String> errors) {

		@Override
		public String toString() {
			return "streams=" + this.streams + " complete=" + this.complete + " cancelled=" + this.cancelled
					+ " stalls=" + this.stalls + " failures=" + this.failures
					+ (this.errors.isEmpty() ? "" : " first-error=" + this.errors.get(0)) + " stalled-after="
					+ this.errors.stream().map((error) -> error.substring(error.lastIndexOf(' ') + 1)).toList();
		}

	}

	private static final class Tally {

		final CountDownLatch done;

		final AtomicInteger complete = new AtomicInteger();

		final AtomicInteger cancelled = new AtomicInteger();

		final AtomicInteger stalls = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

		Tally(int streams) {
			this.done = new CountDownLatch(streams);
		}

	}

	/**
	 * Reads like Spring's {@code ChannelSendOperator} and Reactor Netty's send: one chunk
	 * to start, then {@code prefetch} at a time, each request from a writer thread.
	 */
	private static final class WriterLikeSubscriber implements CoreSubscriber<ChatCompletionChunk> {

		private final Scheduler.Worker worker;

		private final int prefetch;

		private final int cancelAfter;

		private final Tally tally;

		private volatile Subscription subscription;

		private int received;

		private int sinceRequest;

		WriterLikeSubscriber(Scheduler writers, int prefetch, int cancelAfter, Tally tally) {
			this.worker = writers.createWorker();
			this.prefetch = prefetch;
			this.cancelAfter = cancelAfter;
			this.tally = tally;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(ChatCompletionChunk chunk) {
			this.received++;
			if (this.received == this.cancelAfter) {
				this.worker.schedule(() -> {
					this.subscription.cancel();
					this.tally.cancelled.incrementAndGet();
					this.tally.done.countDown();
					this.worker.dispose();
				});
				return;
			}
			if (this.received == 1) {
				this.worker.schedule(() -> this.subscription.request(this.prefetch));
				return;
			}
			if (++this.sinceRequest == this.prefetch) {
				this.sinceRequest = 0;
				this.worker.schedule(() -> this.subscription.request(this.prefetch));
			}
		}

		@Override
		public void onError(Throwable failure) {
			if (failure instanceof ApiTimeoutException timeout
					&& timeout.kind() == ApiTimeoutException.Kind.STREAM_IDLE) {
				this.tally.stalls.incrementAndGet();
			}
			else {
				this.tally.failures.incrementAndGet();
			}
			this.tally.errors.add(failure + " after " + this.received);
			end();
		}

		@Override
		public void onComplete() {
			this.tally.complete.incrementAndGet();
			end();
		}

		private void end() {
			if (this.received != this.cancelAfter) {
				this.tally.done.countDown();
			}
			this.worker.dispose();
		}

	}

}
