package dev.chatconversation.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scores in JMH's JSON results, by short name such as
 * {@code StreamPipelineBenchmark.decodeReadAccumulate[shape=text]}.
 */
final class JmhResults {

	private final Map<String, Score> scores = new LinkedHashMap<>();

	private JmhResults() {
	}

	static JmhResults read(Path file) {
		JmhResults results = new JmhResults();
		if (!Files.isRegularFile(file)) {
			return results;
		}
		JsonNode all = JsonMapper.builder().build().readTree(file.toFile());
		for (JsonNode result : all) {
			String benchmark = result.path("benchmark").asString("");
			String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
			StringBuilder params = new StringBuilder();
			result.path("params")
				.properties()
				.forEach((param) -> params.append((params.length() == 0) ? "[" : ",")
					.append(param.getKey())
					.append('=')
					.append(param.getValue().asString()));
			if (params.length() > 0) {
				params.append(']');
			}
			JsonNode primary = result.path("primaryMetric");
			JsonNode allocation = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
			results.scores.put(name + params, new Score(primary.path("score").asDouble(Double.NaN),
					primary.path("scoreUnit").asString(""), allocation.path("score").asDouble(Double.NaN)));
		}
		return results;
	}

	Map<String, Score> scores() {
		return this.scores;
	}

	Score score(String name) {
		return this.scores.getOrDefault(name, new Score(Double.NaN, "", Double.NaN));
	}

	/**
	 * One benchmark's result.
	 *
	 * @param value the primary score
	 * @param unit its unit, such as {@code ns/op}
	 * @param bytesPerOp bytes allocated per operation
	 */
	record Score(double value, String unit, double bytesPerOp) {

	}

}
