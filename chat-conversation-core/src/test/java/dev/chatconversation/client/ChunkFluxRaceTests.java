package dev.chatconversation.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.client.model.ChatCompletionChunk;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.util.RaceTestUtils;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChunkFlux} when the body's signals (on the connection's event loop) race the
 * subscriber's {@code request} and {@code cancel} (from the threads of whoever reads the
 * stream, such as an SSE writer): every chunk asked for arrives, the stream always ends,
 * and every network buffer is released, whichever signal comes first.
 */
class ChunkFluxRaceTests {

	private static final int TRIES = 2_000;

	private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(Unpooled.buffer().alloc());

	private final ChatExceptions exceptions = new ChatExceptions(new SecretRedactor(null),
			URI.create("http://localhost/v1/chat/completions"), null);

	@Test
	void whenTheSubscribersRequestRacesAnArrivingBufferThenEveryChunkArrives() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			DataBuffer buffer = buffer(Payloads.chunk("a") + Payloads.chunk("b"));
			RaceTestUtils.race(() -> body.next(buffer), () -> recorder.request(2));
			assertThat(recorder.texts()).as("try %d", i).containsExactly("a", "b");
			recorder.cancel();
		}
	}

	@Test
	void whenTheBodyEndsWhileTheSubscriberAsksForQueuedChunksThenTheLastBufferIsStillRead() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			// read while nothing is asked for: the chunk waits in the operator
			body.next(buffer(Payloads.chunk("a")));
			DataBuffer last = buffer(Payloads.finish() + Payloads.DONE);
			RaceTestUtils.race(() -> recorder.request(10), () -> {
				body.next(last);
				body.complete();
			});
			assertThat(recorder.failure.get()).as("try %d", i).isNull();
			assertThat(recorder.texts()).as("try %d", i).containsExactly("a", "");
			assertThat(recorder.completed).as("try %d", i).isTrue();
			assertThat(refCnt(last)).isZero();
		}
	}

	@Test
	void whenCancelRacesAnArrivingBufferThenTheBufferIsReleased() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			recorder.request(1);
			DataBuffer buffer = buffer(Payloads.chunk("a") + Payloads.chunk("b"));
			RaceTestUtils.race(() -> body.next(buffer), recorder::cancel);
			assertThat(refCnt(buffer)).as("try %d", i).isZero();
			assertThat(body.cancelled).isTrue();
		}
	}

	@Test
	void whenABufferArrivesAfterCancelThenItIsReleased() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			DataBuffer first = buffer(Payloads.chunk("a"));
			body.next(first);
			DataBuffer late = buffer(Payloads.chunk("b"));
			// Reactive Streams allows onNext after cancel: the body may already be
			// sending
			RaceTestUtils.race(recorder::cancel, () -> recorder.request(1));
			body.next(late);
			assertThat(refCnt(first)).as("try %d", i).isZero();
			assertThat(refCnt(late)).as("try %d", i).isZero();
		}
	}

	@Test
	void whenCancelRacesTheEndAfterDoneThenEveryBufferIsReleased() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			recorder.request(Long.MAX_VALUE);
			body.next(buffer(Payloads.chunk("a") + Payloads.finish() + Payloads.DONE));
			// after [DONE] the rest of the body is read and dropped
			DataBuffer trailer = buffer(": trailer\n\n");
			RaceTestUtils.race(() -> body.next(trailer), recorder::cancel);
			body.complete();
			assertThat(refCnt(trailer)).as("try %d", i).isZero();
			assertThat(recorder.texts()).containsExactly("a", "");
		}
	}

	@Test
	void whenTheBodyFailsWhileTheSubscriberAsksForQueuedChunksThenTheChunksComeBeforeTheError() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			// read while nothing is asked for: the chunk waits in the operator
			body.next(buffer(Payloads.chunk("a")));
			RaceTestUtils.race(() -> recorder.request(10), () -> body.fail(new IOException("Connection reset")));
			assertThat(recorder.texts()).as("try %d", i).containsExactly("a");
			assertThat(recorder.failure.get()).as("try %d", i).isInstanceOf(ApiConnectionException.class);
			assertThat(recorder.terminals).as("try %d", i).hasValue(1);
		}
	}

	@Test
	void whenCancelRacesTheBodyFailingThenTheStreamEndsAtMostOnceAndTheBufferIsReleased() {
		for (int i = 0; i < TRIES; i++) {
			ManualBody body = new ManualBody();
			Recorder recorder = subscribe(body);
			DataBuffer buffer = buffer(Payloads.chunk("a"));
			RaceTestUtils.race(() -> {
				body.next(buffer);
				body.fail(new IOException("Connection reset"));
			}, recorder::cancel);
			assertThat(refCnt(buffer)).as("try %d", i).isZero();
			assertThat(recorder.terminals.get()).as("try %d", i).isLessThanOrEqualTo(1);
			assertThat(recorder.completed).as("try %d", i).isFalse();
			assertThat(body.cancelled).as("try %d", i).isTrue();
		}
	}

	@Test
	void whenTheBodyEndsAsTheGraceAfterDoneRunsOutThenTheStreamCompletesOnce() {
		// created before the virtual clock replaces every scheduler
		Scheduler racers = Schedulers.newParallel("grace-race", 2);
		VirtualTimeScheduler clock = VirtualTimeScheduler.getOrSet();
		try {
			for (int i = 0; i < TRIES; i++) {
				ManualBody body = new ManualBody();
				Recorder recorder = subscribe(body);
				recorder.request(Long.MAX_VALUE);
				// after [DONE] the rest of the body is read until it ends or the grace
				// runs
				// out
				body.next(buffer(Payloads.chunk("a") + Payloads.finish() + Payloads.DONE));
				RaceTestUtils.race(racers, body::complete, () -> clock.advanceTimeBy(ChunkFlux.DONE_GRACE));
				assertThat(recorder.texts()).as("try %d", i).containsExactly("a", "");
				assertThat(recorder.failure.get()).as("try %d", i).isNull();
				assertThat(recorder.completed).as("try %d", i).isTrue();
				assertThat(recorder.terminals).as("try %d", i).hasValue(1);
			}
		}
		finally {
			VirtualTimeScheduler.reset();
			racers.dispose();
		}
	}

	@Test
	void whenTheSubscriberThrowsThenTheStreamFailsInsteadOfHanging() {
		ManualBody body = new ManualBody();
		Recorder recorder = subscribe(body);
		recorder.throwOn = "a";
		DataBuffer buffer = buffer(Payloads.chunk("a") + Payloads.chunk("b"));
		body.next(buffer);
		// the queued chunk is delivered on the requesting thread, outside any decoding
		recorder.request(1);
		recorder.request(1);
		assertThat(recorder.failure.get()).hasMessageContaining("subscriber bug");
		assertThat(body.cancelled).isTrue();
		assertThat(refCnt(buffer)).isZero();
	}

	private Recorder subscribe(ManualBody body) {
		Recorder recorder = new Recorder();
		new ChunkFlux(body, 1 << 20, new StreamWatchdog(Timeouts.NONE), this.exceptions, null).subscribe(recorder);
		return recorder;
	}

	private static DataBuffer buffer(String text) {
		return BUFFERS.wrap(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
	}

	private static int refCnt(DataBuffer buffer) {
		return ((NettyDataBuffer) buffer).getNativeBuffer().refCnt();
	}

	/** Records what arrives; asks for nothing by itself. */
	private static final class Recorder implements CoreSubscriber<ChatCompletionChunk> {

		private final List<String> texts = new ArrayList<>();

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final AtomicInteger terminals = new AtomicInteger();

		private volatile boolean completed;

		private volatile String throwOn;

		private volatile Subscription subscription;

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(ChatCompletionChunk chunk) {
			if (chunk.text().equals(this.throwOn)) {
				throw new IllegalStateException("subscriber bug");
			}
			synchronized (this.texts) {
				this.texts.add(chunk.text());
			}
		}

		@Override
		public void onError(Throwable failure) {
			this.failure.set(failure);
			this.terminals.incrementAndGet();
		}

		@Override
		public void onComplete() {
			this.completed = true;
			this.terminals.incrementAndGet();
		}

		void request(long n) {
			this.subscription.request(n);
		}

		void cancel() {
			this.subscription.cancel();
		}

		List<String> texts() {
			synchronized (this.texts) {
				return List.copyOf(this.texts);
			}
		}

	}

	/**
	 * A body driven by the test, as Reactor Netty's receiver is driven by the event loop:
	 * it signals whatever the test says, also after a cancel, which Reactive Streams
	 * allows.
	 */
	private static final class ManualBody extends Flux<DataBuffer> implements Subscription {

		private volatile CoreSubscriber<? super DataBuffer> subscriber;

		private volatile boolean cancelled;

		@Override
		public void subscribe(CoreSubscriber<? super DataBuffer> actual) {
			this.subscriber = actual;
			actual.onSubscribe(this);
		}

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
			this.cancelled = true;
		}

		void next(DataBuffer buffer) {
			this.subscriber.onNext(buffer);
		}

		void complete() {
			this.subscriber.onComplete();
		}

		void fail(Throwable failure) {
			this.subscriber.onError(failure);
		}

	}

}
