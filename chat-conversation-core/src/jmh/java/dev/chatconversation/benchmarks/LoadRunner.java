package dev.chatconversation.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end-to-end load runner: for each fake server ({@link FakeServerKind}), starts it in
 * its own JVM, then runs S1, S2, S4 and S3 through the raw Reactor Netty baseline, plain
 * {@code WebClient} (the floor of any {@code WebClient}-backed client), the library,
 * openai-java, and conversations built per chat, in the same run, and writes
 * {@code load.json} ({@code load-netty.json} for the plain Netty server) for
 * {@link BenchmarkReport}.
 *
 * <p>
 * System properties: {@code bench.quick}, {@code bench.dir}, {@code bench.scenarios} (for
 * example {@code S1,S3}) to run only some scenarios, adding to the results of an earlier
 * run, and {@code bench.servers} (for example {@code netty}) to run against only some
 * servers.
 */
public final class LoadRunner {

	private LoadRunner() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		LoadPlan plan = LoadPlan.of(settings);
		Set<String> scenarios = Arrays.stream(System.getProperty("bench.scenarios", "S1,S2,S3,S4").split(","))
			.map((name) -> name.trim().toUpperCase(Locale.ROOT))
			.collect(Collectors.toSet());
		for (FakeServerKind kind : FakeServerKind.selected()) {
			System.out.println("== " + kind.label());
			// a run of some scenarios adds to the results of the others
			ResultSet results = (System.getProperty("bench.scenarios") != null)
					? ResultSet.read(settings.loadResults(kind)) : new ResultSet();
			results.put("mode", settings.mode());
			results.put("server", kind.label());
			try (FakeServerProcess server = FakeServerProcess.start(kind)) {
				runAll(plan, scenarios, server, results);
			}
			results.write(settings.loadResults(kind));
		}
		System.exit(0);
	}

	private static void runAll(LoadPlan plan, Set<String> scenarios, FakeServerProcess server, ResultSet results)
			throws Exception {
		String url = server.baseUrl();
		try (RawReactorNetty raw = new RawReactorNetty(url, 10_000);
				LibraryClient ours = new LibraryClient(url);
				PlainWebClient webClient = new PlainWebClient(url, 10_000);
				OpenAiJava openAi = new OpenAiJava(url);
				ConversationContender perChat = ConversationContender.perChat(url);
				ConversationContender shared = ConversationContender.shared(url, 10_000)) {
			// -Dbench.prototype=true also measures the prototype of the proposed
			// streaming path
			Contender[] prototypes = Boolean.getBoolean("bench.prototype")
					? new Contender[] { new DirectPrototype(url, 10_000) } : new Contender[0];
			LatencyScenarios latency = new LatencyScenarios(plan, raw, ours, webClient, openAi, perChat, shared);
			run(scenarios, "S1", results,
					() -> new ThroughputScenario(plan, raw, ours, webClient, openAi, prototypes).run(results));
			run(scenarios, "S2", results, () -> latency.withStreamingOnly(prototypes).timeToFirstDelta(results));
			run(scenarios, "S4", results, () -> latency.nonStreaming(results));
			run(scenarios, "S3", results,
					() -> new ConcurrencyScenario(plan, server, prototypes.length > 0).run(results));
			for (Contender prototype : prototypes) {
				prototype.close();
			}
		}
	}

	private static void run(Set<String> selected, String scenario, ResultSet results, Step step) {
		if (!selected.contains(scenario)) {
			return;
		}
		try {
			step.run();
		}
		catch (Exception | Error ex) {
			ex.printStackTrace();
			results.put(scenario.toLowerCase(Locale.ROOT) + ".error", ex.toString());
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

}
