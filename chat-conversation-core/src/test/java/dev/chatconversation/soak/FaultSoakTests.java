package dev.chatconversation.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.PoolMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault soak (issue 16, item 1; reliability scenarios 13, 19, 20, 23, 25, 26, 27 and
 * 29 mixed): {@value #DEFAULT_TURNS} turns by default ({@code -Dsoak.turns=10000} for a
 * long run, {@code -Dsoak.seed} for another schedule), streamed and not, on
 * {@value #LANES} conversations at once, each turn's {@link Scenario} drawn from a seeded
 * schedule. Each turn is checked as it ends ({@link SoakLane}); at the end no leak was
 * reported under paranoid detection, the pool has no acquired or pending connection, the
 * server has no connection the pool does not hold idle (and none once the pool is
 * closed), and Netty's direct memory and the heap are back near their level after a
 * warm-up round.
 */
class FaultSoakTests {

	static final int DEFAULT_TURNS = 500;

	static final int LANES = 8;

	private static final int TURNS = Integer.getInteger("soak.turns", DEFAULT_TURNS);

	private static final long SEED = Long.getLong("soak.seed", 16);

	/** How often each scenario is drawn: normal turns weigh more. */
	private static final Map<Scenario, Integer> WEIGHTS = weights();

	/**
	 * Short enough that a stall ends quickly, long enough that no normal stream trips it
	 * on a busy machine: it also bounds the wait for the first event, and the build
	 * machine may run at a load of ten per core.
	 */
	private static final Duration IDLE = Duration.ofSeconds(2);

	/**
	 * How much more direct memory Netty's allocator may hold after the soak than after
	 * the warm-up. Its adaptive allocator keeps the chunks it carved buffers from for
	 * reuse: a magazine per event-loop thread that allocated (the client's and the
	 * server's loops) plus shared stripes and a reuse queue, each chunk at most 8 buffers
	 * of 64 KiB, so it may keep around 16 such chunks (8 MiB) on this machine without any
	 * leak. Twice that is allowed for the loops a run happens to touch first after the
	 * warm-up. A leak of a network buffer per failing turn shows above it in the long
	 * run; the short run relies on the paranoid leak detector for that.
	 */
	private static final long DIRECT_TOLERANCE = 16L * 1024 * 1024;

	/**
	 * How much more heap may be in use after the soak than after the warm-up: what the
	 * soak itself keeps (eight conversations of at most 25 turns, a few hundred
	 * kilobytes) and what a collection may leave behind at any moment (G1 does not
	 * promise an exact floor). A history or turn kept by mistake for each of 20,000 turns
	 * would exceed it.
	 */
	private static final long HEAP_TOLERANCE = 16L * 1024 * 1024;

	/** Tiny backoff: the retry scenarios must not wait for real. */
	private static final RetryPolicy RETRIES = new RetryPolicy(2, Duration.ofMillis(2), Duration.ofMillis(10),
			Duration.ofSeconds(1));

	private final List<String> problems = new CopyOnWriteArrayList<>();

	private final PoolMetrics metrics = new PoolMetrics();

	private final ConnectionProvider pool = ConnectionProvider.builder("soak")
		.maxConnections(64)
		.pendingAcquireMaxCount(-1)
		.maxIdleTime(Duration.ofSeconds(4))
		.metrics(true, () -> this.metrics)
		.build();

	/** Reactor Netty warns of every reset after a request was sent: hundreds here. */
	private final Logger connectLog = (Logger) LoggerFactory.getLogger("reactor.netty.http.client.HttpClientConnect");

	@BeforeEach
	void quietExpectedResets() {
		this.connectLog.setLevel(Level.ERROR);
	}

	@AfterEach
	void restoreLogs() {
		this.connectLog.setLevel(null);
	}

	// the build's 3-minute default would cut the long run; each turn has its own hang
	// guard (SoakLane), and run() one by the run's length
	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void everyTurnEndsAsItsScenarioSaysAndNothingLeaks() {
		try (LeakWatch leaks = new LeakWatch(); SoakServer server = new SoakServer()) {
			ChatCompletionsClient client = ChatCompletionsClient.builder()
				.baseUrl(server.baseUrl())
				.apiKey("sk-soak-0123456789abcdef")
				.httpClient(HttpClient.create(this.pool))
				.timeouts(Timeouts.DEFAULTS.withStreamIdle(IDLE))
				.retryPolicy(RETRIES)
				.build();
			prime(client, server);
			// every lane meets every scenario once before memory is measured
			List<Scenario> warmUp = new ArrayList<>();
			for (Scenario scenario : Scenario.values()) {
				warmUp.addAll(Collections.nCopies(LANES, scenario));
			}
			run(client, server, warmUp, 0);
			leaks.collect();
			MemoryFigures before = MemoryFigures.now();
			long started = System.nanoTime();
			List<Scenario> results = run(client, server, schedule(), warmUp.size());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			leaks.collect();
			MemoryFigures after = MemoryFigures.now();
			int idle = awaitPoolSettled();
			int open = server.openConnections();
			this.pool.disposeLater().block(Duration.ofSeconds(5));
			boolean allClosed = server.awaitNoOpenConnections(Duration.ofSeconds(5));
			leaks.collect();
			report(results, took, before, after, leaks.reports());

			assertThat(this.problems).as("turns that did not end as their scenario says").isEmpty();
			assertThat(results).hasSize(TURNS);
			assertThat(leaks.reports()).as("Netty leak reports").isEmpty();
			assertThat(this.metrics.acquired()).as("acquired connections").isZero();
			assertThat(this.metrics.pending()).as("pending acquires").isZero();
			assertThat(open).as("connections open on the server (the pool holds %d idle)", idle)
				.isLessThanOrEqualTo(idle);
			assertThat(allClosed).as("every connection closed once the pool is").isTrue();
			assertThat(after.allocatorDirect() - before.allocatorDirect()).as("direct memory growth, bytes")
				.isLessThanOrEqualTo(DIRECT_TOLERANCE);
			assertThat(after.heap() - before.heap()).as("heap growth, bytes").isLessThanOrEqualTo(HEAP_TOLERANCE);
		}
	}

	/**
	 * Streams a normal reply on each lane's connection outside the soak's accounting: a
	 * cold JVM on a busy machine may take longer than the idle limit for its first events
	 * (the 10,000-turn run saw it on its first two turns), and a retry then would be
	 * counted against the scenario. The soak is about faults, not about a cold start.
	 */
	private static void prime(ChatCompletionsClient client, SoakServer server) {
		Flux.range(1, LANES).flatMap((lane) -> {
			server.expect(-lane, Scenario.STREAM_OK);
			ChatCompletionRequest request = ChatCompletionRequest.builder()
				.model("gpt-4o-mini")
				.message(Message.user("Prime"))
				.extraHeader(SoakServer.TURN_HEADER, Integer.toString(-lane))
				.build();
			return client.stream(request).then().onErrorResume((failure) -> Mono.empty());
		}).blockLast(Duration.ofMinutes(1));
		for (int lane = 1; lane <= LANES; lane++) {
			server.attemptsOf(-lane);
		}
	}

	/**
	 * Runs turns on {@value #LANES} lanes at once.
	 * @return the scenario of each turn that ended (only that: a failure held for every
	 * turn would be counted as the library's heap)
	 */
	private List<Scenario> run(ChatCompletionsClient client, SoakServer server, List<Scenario> schedule, int firstId) {
		List<SoakLane> lanes = new ArrayList<>();
		for (int i = 0; i < LANES; i++) {
			lanes.add(new SoakLane(client, server, this.problems::add));
		}
		return Flux.range(0, LANES)
			.flatMap((lane) -> Flux.range(0, schedule.size())
				.filter((turn) -> turn % LANES == lane)
				.concatMap((turn) -> lanes.get(lane).run(firstId + turn, schedule.get(turn))), LANES)
			.map(TurnResult::scenario)
			.collectList()
			.block(Duration.ofMinutes(2).plusMillis(250L * schedule.size()));
	}

	private static List<Scenario> schedule() {
		Random random = new Random(SEED);
		List<Scenario> draw = new ArrayList<>();
		WEIGHTS.forEach((scenario, weight) -> {
			for (int i = 0; i < weight; i++) {
				draw.add(scenario);
			}
		});
		List<Scenario> schedule = new ArrayList<>(TURNS);
		for (int i = 0; i < TURNS; i++) {
			schedule.add(draw.get(random.nextInt(draw.size())));
		}
		return schedule;
	}

	private static Map<Scenario, Integer> weights() {
		Map<Scenario, Integer> weights = new EnumMap<>(Scenario.class);
		for (Scenario scenario : Scenario.values()) {
			weights.put(scenario, 1);
		}
		weights.put(Scenario.STREAM_OK, 6);
		weights.put(Scenario.CALL_OK, 3);
		return weights;
	}

	/** Waits (at most 5 s) until no connection is acquired; returns how many are idle. */
	private int awaitPoolSettled() {
		Mono.fromSupplier(() -> this.metrics.acquired())
			.repeatWhenEmpty((ticks) -> ticks.delayElements(Duration.ofMillis(10)))
			.filter((acquired) -> acquired == 0)
			.repeatWhenEmpty(500, (ticks) -> ticks.delayElements(Duration.ofMillis(10)))
			.onErrorResume((timeout) -> Mono.empty())
			.block(Duration.ofSeconds(10));
		return this.metrics.idle();
	}

	private void report(List<Scenario> results, Duration took, MemoryFigures before, MemoryFigures after,
			List<String> leaks) {
		Map<Scenario, Integer> counts = new EnumMap<>(Scenario.class);
		results.forEach((scenario) -> counts.merge(scenario, 1, Integer::sum));
		System.out.printf("Fault soak: %d turns (seed %d, %d lanes) in %d ms, %d problems, %d leak reports%n",
				results.size(), SEED, LANES, took.toMillis(), this.problems.size(), leaks.size());
		System.out.println("Fault soak scenarios: " + counts);
		System.out.println("Fault soak memory before: " + before);
		System.out.println("Fault soak memory after:  " + after);
		this.problems.stream().limit(20).forEach((problem) -> System.out.println("Fault soak problem: " + problem));
	}

}
