package dev.chatconversation.benchmarks;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the Maven profile passes to every benchmark program: quick or full run, and the
 * folder for results.
 *
 * @param quick whether to run the short version (about two minutes in all)
 * @param folder where results are written and read
 */
record BenchmarkSettings(boolean quick, Path folder) {

	static BenchmarkSettings fromSystemProperties() {
		return new BenchmarkSettings(Boolean.getBoolean("bench.quick"),
				Path.of(System.getProperty("bench.dir", "target/benchmarks")));
	}

	Path jmhResults() {
		return this.folder.resolve("jmh.json");
	}

	Path loadResults() {
		return this.folder.resolve("load.json");
	}

	Path soakResults() {
		return this.folder.resolve("soak.json");
	}

	/**
	 * Whether a contender takes part: {@code -Dbench.contenders=ours} keeps a profile
	 * free of the other contenders' samples.
	 */
	static boolean selected(String contender) {
		String only = System.getProperty("bench.contenders", "");
		return only.isBlank() || Set.of(only.split(",")).contains(contender);
	}

	String mode() {
		return this.quick ? "quick" : "full";
	}

}
