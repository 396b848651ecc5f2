package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.BenchmarkStores;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.StoreSettings;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Thousands of concurrent streamed turns through conversations kept in each available
 * store, in the same run as the in-memory store, against the runner's fake server in its
 * own JVM (2,000 turns of 100 chunks 20 ms apart, as S3): the time to complete them all,
 * the turns that failed, and the messages found in the store afterwards (each turn writes
 * the user's message and the complete reply). The goal is each stored run within 1.3x of
 * the in-memory run of the same round (each round starts with the next store, so that
 * none always runs first; the median over the rounds is reported), after an unmeasured
 * round through every store (the JIT keeps warming up over the first rounds). Stores
 * checkpoint every second ({@link StoreSettings#DEFAULTS}).
 *
 * <p>
 * System properties: {@code bench.quick} (one round instead of five), {@code bench.dir},
 * {@code bench.stores} (for example {@code memory,file}), {@code bench.turns} (2,000 by
 * default), {@code bench.checkpointMillis} (1,000 by default). Results go to
 * {@code store-load.json}.
 */
public final class StoreLoadRun {

	static final double LOAD_GOAL = 1.3;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private final StreamSpec spec;

	private final int turns;

	private final String baseUrl;

	private final long serverPid;

	private final StoreSettings settings = StoreSettings.DEFAULTS
		.withCheckpointInterval(Duration.ofMillis(Long.getLong("bench.checkpointMillis", 1000)));

	private StoreLoadRun(StreamSpec spec, int turns, String baseUrl, long serverPid) {
		this.spec = spec;
		this.turns = turns;
		this.baseUrl = baseUrl;
		this.serverPid = serverPid;
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		LoadPlan plan = LoadPlan.of(settings);
		int turns = Integer.getInteger("bench.turns", plan.s3Streams());
		int rounds = settings.quick() ? 1 : 5;
		ResultSet results = new ResultSet();
		results.put("mode", settings.mode());
		results.put("storeLoad.turns", turns);
		results.put("storeLoad.loadAverageBefore", loadAverage());
		try (FakeServerProcess server = FakeServerProcess.start()) {
			StoreLoadRun run = new StoreLoadRun(StreamSpec.paced(plan.pacedChunks(), plan.delayMillis()), turns,
					server.baseUrl(), server.pid());
			System.out.println("Store load: " + turns + " concurrent streamed turns of " + plan.pacedChunks()
					+ " chunks " + plan.delayMillis() + " ms apart, stores " + stores());
			// warm-up: a whole round through every store, unmeasured, so that no measured
			// round runs on colder code than another
			for (String store : stores()) {
				run.round(store, turns);
			}
			Map<String, Samples> seconds = new LinkedHashMap<>();
			Map<String, Samples> ratios = new LinkedHashMap<>();
			Map<String, Integer> errors = new LinkedHashMap<>();
			Map<String, Samples> clientCpu = new LinkedHashMap<>();
			Map<String, Samples> serverCpu = new LinkedHashMap<>();
			Map<String, Samples> databaseCpu = new LinkedHashMap<>();
			List<String> order = stores();
			for (int round = 0; round < rounds; round++) {
				Map<String, Double> times = new LinkedHashMap<>();
				for (String store : order) {
					Outcome outcome = run.round(store, turns);
					times.put(store, outcome.seconds());
					seconds.computeIfAbsent(store, (key) -> new Samples()).add(outcome.seconds());
					errors.merge(store, outcome.errors(), Integer::sum);
					clientCpu.computeIfAbsent(store, (key) -> new Samples()).add(outcome.cpu().client());
					serverCpu.computeIfAbsent(store, (key) -> new Samples()).add(outcome.cpu().server());
					databaseCpu.computeIfAbsent(store, (key) -> new Samples()).add(outcome.cpu().database());
					results.put("storeLoad." + store + ".round" + (round + 1) + ".seconds", outcome.seconds());
					results.put("storeLoad." + store + ".round" + (round + 1) + ".messagesWritten", outcome.messages());
					results.put("storeLoad." + store + ".round" + (round + 1) + ".completeTurnsStored",
							outcome.stored());
					if (outcome.firstFailure() != null) {
						results.put("storeLoad." + store + ".firstFailure", outcome.firstFailure());
					}
				}
				times.forEach((store, time) -> ratios.computeIfAbsent(store, (key) -> new Samples())
					.add(time / times.get("memory")));
				// the next round starts with another store, so no store always runs first
				Collections.rotate(order, -1);
			}
			seconds.forEach((store, samples) -> results.put("storeLoad." + store + ".seconds", samples.median()));
			ratios.forEach((store, samples) -> results.put("storeLoad." + store + ".ratio", samples.median()));
			errors.forEach((store, count) -> results.put("storeLoad." + store + ".errors", count));
			// CPU per turn, in microseconds: this JVM (client and store driver), the fake
			// model server, and the database's own processes
			clientCpu.forEach((store, samples) -> results.put("storeLoad." + store + ".clientCpuMicrosPerTurn",
					samples.median() * 1000 / turns));
			serverCpu.forEach((store, samples) -> results.put("storeLoad." + store + ".serverCpuMicrosPerTurn",
					samples.median() * 1000 / turns));
			databaseCpu.forEach((store, samples) -> results.put("storeLoad." + store + ".databaseCpuMicrosPerTurn",
					samples.median() * 1000 / turns));
		}
		results.put("storeLoad.loadAverageAfter", loadAverage());
		results.write(settings.folder().resolve("store-load.json"));
		System.exit(0);
	}

	/**
	 * The available stores, or those of {@code bench.stores}, the in-memory one first.
	 */
	static List<String> stores() {
		List<String> stores = new ArrayList<>(BenchmarkStores.available());
		String only = System.getProperty("bench.stores", "");
		if (!only.isBlank()) {
			stores.retainAll(Arrays.asList(only.split(",")));
		}
		return stores;
	}

	/** The 1, 5 and 15 minute load averages of the machine, from /proc/loadavg. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private Outcome round(String name, int count) throws Exception {
		try (BenchmarkStores.Opened opened = BenchmarkStores.open(name)) {
			ChatCompletionsClient client = ChatCompletionsClient.builder()
				.baseUrl(this.baseUrl + "/v1")
				.apiKey("sk-bench")
				.maxConnections(2 * count)
				.build();
			try {
				List<ChatCompletionsConversation> conversations = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					conversations.add(ChatCompletionsConversation.builder()
						.client(client)
						.model("gpt-4o-mini")
						.store(opened.store())
						.storeSettings(this.settings)
						.build());
				}
				AtomicInteger errors = new AtomicInteger();
				AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();
				Cpu before = cpu(name);
				long start = System.nanoTime();
				Flux.fromIterable(conversations).flatMap((conversation) -> turn(conversation).onErrorResume((ex) -> {
					errors.incrementAndGet();
					firstFailure.compareAndSet(null, ex.toString());
					return Mono.empty();
				}), count, 1).then().block(TIMEOUT);
				double seconds = (System.nanoTime() - start) / 1e9;
				Cpu used = cpu(name).minus(before);
				Outcome outcome = check(opened.store(), conversations, seconds, errors.get(), firstFailure.get(), used);
				System.out.printf(
						"  %-8s %,d turns in %.2f s, %d errors, %,d messages stored, %,d complete turns,"
								+ " CPU client %,.0f ms, server %,.0f ms, database %,.0f ms%n",
						name, count, seconds, outcome.errors(), outcome.messages(), outcome.stored(), used.client(),
						used.server(), used.database());
				return outcome;
			}
			finally {
				client.close();
			}
		}
	}

	private Mono<Long> turn(ChatCompletionsConversation conversation) {
		return conversation
			.sendAndStreamResponse(LibraryClient.PROMPT, (options) -> options.extraQuery(this.spec.query()))
			.count()
			.map((deltas) -> {
				if (deltas != this.spec.deltas()) {
					throw new IllegalStateException("Expected " + this.spec.deltas() + " deltas but got " + deltas);
				}
				return deltas;
			});
	}

	/**
	 * Reads every conversation back: the user's message and the whole reply, complete.
	 */
	/** CPU used so far by this JVM, the fake server and the store's database. */
	private Cpu cpu(String store) {
		double database = switch (store) {
			case "jdbc" -> ProcessCpu.named("postgres");
			case "redis" -> ProcessCpu.named("redis-server");
			default -> 0;
		};
		return new Cpu(ProcessCpu.self(), ProcessCpu.of(this.serverPid), database);
	}

	private Outcome check(ConversationStore store, List<ChatCompletionsConversation> conversations, double seconds,
			int errors, @Nullable String firstFailure, Cpu cpu) {
		long messages = 0;
		int stored = 0;
		for (ChatCompletionsConversation conversation : conversations) {
			List<Message> history = store.load(conversation.id()).messages();
			messages += history.size();
			if (history.size() == 2 && history.get(1) instanceof AssistantMessage reply && reply.incomplete() == null
					&& reply.text().length() == OpenAiStream.textLength(this.spec.chunks())) {
				stored++;
			}
		}
		return new Outcome(seconds, errors, messages, stored, firstFailure, cpu);
	}

	private record Outcome(double seconds, int errors, long messages, int stored, @Nullable String firstFailure,
			Cpu cpu) {

	}

	/** CPU milliseconds of this JVM, the fake server and the database. */
	private record Cpu(double client, double server, double database) {

		Cpu minus(Cpu before) {
			return new Cpu(this.client - before.client, this.server - before.server, this.database - before.database);
		}

	}

}
