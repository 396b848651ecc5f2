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
		return loadResults(FakeServerKind.REACTOR);
	}

	/**
	 * The load runner's results against one fake server: {@code load.json} for the
	 * Reactor Netty one, as before the second server, {@code load-netty.json} for the
	 * plain Netty one.
	 */
	Path loadResults(FakeServerKind server) {
		return this.folder
			.resolve(server.equals(FakeServerKind.REACTOR) ? "load.json" : "load-" + server.id() + ".json");
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
