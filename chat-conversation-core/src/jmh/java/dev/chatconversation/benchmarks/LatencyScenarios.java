package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import reactor.core.publisher.Mono;

/**
 * S2, time to the first text delta of short streams, and S4, the latency of a 2 KB
 * non-streaming response: sequential requests on a warm connection, the contenders taking
 * turns in rounds of 50 so that drift in the machine hits both alike.
 */
final class LatencyScenarios {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int ROUND = 50;

	private static final StreamSpec SHORT_STREAM = StreamSpec.DEFAULT;

	private final LoadPlan plan;

	private final List<Contender> contenders;

	LatencyScenarios(LoadPlan plan, Contender... contenders) {
		this.plan = plan;
		this.contenders = Stream.of(contenders)
			.filter((contender) -> BenchmarkSettings.selected(contender.name()))
			.toList();
	}

	/**
	 * These scenarios with contenders that only stream added, for S2.
	 * @param streamingOnly the added contenders
	 * @return the scenarios
	 */
	LatencyScenarios withStreamingOnly(Contender... streamingOnly) {
		List<Contender> all = new ArrayList<>(this.contenders);
		all.addAll(List.of(streamingOnly));
		return new LatencyScenarios(this.plan, all.toArray(new Contender[0]));
	}

	void timeToFirstDelta(ResultSet results) {
		System.out.println("S2: time to first delta, " + this.plan.s2Requests() + " requests of "
				+ SHORT_STREAM.chunks() + " chunks");
		measure("s2", this.plan.s2Requests(), LatencyScenarios::firstDelta, results);
	}

	void nonStreaming(ResultSet results) {
		System.out.println("S4: non-streaming 2 KB response, " + this.plan.s4Requests() + " requests");
		measure("s4", this.plan.s4Requests(), LatencyScenarios::complete, results);
	}

	private void measure(String scenario, int requests, Function<Contender, Double> call, ResultSet results) {
		for (int i = 0; i < this.plan.latencyWarmups(); i++) {
			this.contenders.forEach(call::apply);
		}
		int count = this.contenders.size();
		Samples[] samples = new Samples[count];
		long[] allocated = new long[count];
		long[] cpuNanos = new long[count];
		for (int c = 0; c < count; c++) {
			samples[c] = new Samples();
		}
		for (int done = 0; done < requests; done += ROUND) {
			for (int c = 0; c < count; c++) {
				JvmMeters.ThreadCounters before = JvmMeters.threadCounters();
				for (int i = 0; i < Math.min(ROUND, requests - done); i++) {
					samples[c].add(call.apply(this.contenders.get(c)));
				}
				allocated[c] += before.allocatedSince();
				cpuNanos[c] += before.cpuNanosSince();
			}
		}
		for (int c = 0; c < count; c++) {
			String name = scenario + "." + this.contenders.get(c).name();
			results.put(name + ".p50Millis", samples[c].median());
			results.put(name + ".p99Millis", samples[c].percentile(99));
			results.put(name + ".bytesPerRequest", (double) allocated[c] / requests);
			results.put(name + ".cpuMicrosPerRequest", cpuNanos[c] / 1000.0 / requests);
		}
	}

	private static double firstDelta(Contender contender) {
		long[] times = new long[2];
		StreamProbe probe = new StreamProbe() {
			@Override
			public void firstDelta() {
				times[1] = System.nanoTime();
			}
		};
		Mono.defer(() -> {
			times[0] = System.nanoTime();
			return contender.stream(SHORT_STREAM, probe);
		}).block(TIMEOUT);
		return (times[1] - times[0]) / 1e6;
	}

	private static double complete(Contender contender) {
		long start = System.nanoTime();
		contender.complete().block(TIMEOUT);
		return (System.nanoTime() - start) / 1e6;
	}

}
