package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Files;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks with the GC profiler, so allocation per operation (per chunk
 * for the streaming benchmarks) is reported, and keeps the results as JSON for
 * {@link BenchmarkReport}.
 *
 * <p>
 * System properties: {@code bench.quick} for a short run, {@code bench.include} to select
 * benchmarks by regular expression, {@code bench.dir} for the results folder.
 */
public final class JmhBenchmarks {

	private JmhBenchmarks() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		Files.createDirectories(settings.folder());
		String include = System.getProperty("bench.include", ".");
		ChainedOptionsBuilder options = new OptionsBuilder()
			.include(JmhBenchmarks.class.getPackageName() + ".*(" + (include.isBlank() ? "." : include) + ").*")
			.forks(1)
			.jvmArgs("-Xms1g", "-Xmx1g")
			.addProfiler(GCProfiler.class)
			.resultFormat(ResultFormatType.JSON)
			.result(settings.jmhResults().toString())
			.shouldFailOnError(true);
		if (settings.quick()) {
			options.param("shape", "text")
				.warmupIterations(2)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(2)
				.measurementTime(TimeValue.milliseconds(500));
		}
		else {
			options.warmupIterations(5)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(5)
				.measurementTime(TimeValue.seconds(1));
		}
		new Runner(options.build()).run();
	}

}
