package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.store.BenchmarkStores;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link StoreTurnBenchmark} on every available store (memory and file, then JDBC
 * and Redis when {@code CHAT_TEST_POSTGRES_URL} and {@code CHAT_TEST_REDIS_URL} are set),
 * keeps JMH's results in {@code store-turn.json} and prints, per store, the cost of a
 * turn on 10 and on 10,000 messages and their ratio against the 2x goal.
 *
 * <p>
 * System properties: {@code bench.quick} for a short run, {@code bench.dir} for the
 * results folder, {@code bench.stores} (for example {@code file,jdbc}) to run only some
 * stores.
 */
public final class StoreBenchmarks {

	static final double TURN_GOAL = 2.0;

	private StoreBenchmarks() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		Files.createDirectories(settings.folder());
		Path results = settings.folder().resolve("store-turn.json");
		String[] stores = StoreLoadRun.stores().toArray(String[]::new);
		String loadBefore = StoreLoadRun.loadAverage();
		ChainedOptionsBuilder options = new OptionsBuilder().include(StoreTurnBenchmark.class.getName() + ".turn")
			.param("store", stores)
			.forks(1)
			.jvmArgs("-Xms1g", "-Xmx1g")
			.resultFormat(ResultFormatType.JSON)
			.result(results.toString())
			.shouldFailOnError(true);
		if (settings.quick()) {
			options.warmupIterations(3)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(3)
				.measurementTime(TimeValue.seconds(1));
		}
		else {
			options.warmupIterations(5)
				.warmupTime(TimeValue.seconds(2))
				.measurementIterations(10)
				.measurementTime(TimeValue.seconds(2));
		}
		new Runner(options.build()).run();
		print(JmhResults.read(results), stores, loadBefore + " before, " + StoreLoadRun.loadAverage() + " after");
	}

	private static void print(JmhResults jmh, String[] stores, String load) {
		System.out.println();
		System.out.println(
				"Store cost of one turn (lease and user message in one call, 1 checkpoint, complete); load average "
						+ load);
		System.out.printf("%-8s %16s %16s %8s %6s%n", "store", "10 messages", "10,000 messages", "ratio", "goal");
		for (String store : stores) {
			JmhResults.Score small = find(jmh, store, 10);
			JmhResults.Score large = find(jmh, store, 10_000);
			double ratio = large.value() / small.value();
			System.out.printf("%-8s %13.1f %s %13.1f %s %7.2fx %6s%n", store, small.value(), small.unit(),
					large.value(), large.unit(), ratio, (ratio <= TURN_GOAL) ? "PASS" : "MISS");
		}
	}

	private static JmhResults.Score find(JmhResults jmh, String store, int history) {
		for (Map.Entry<String, JmhResults.Score> score : jmh.scores().entrySet()) {
			String name = score.getKey();
			Set<String> params = Set.of(name.substring(name.indexOf('[') + 1, name.length() - 1).split(","));
			if (params.contains("store=" + store) && params.contains("history=" + history)) {
				return score.getValue();
			}
		}
		return new JmhResults.Score(Double.NaN, "", Double.NaN);
	}

}
