package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.chatconversation.ChatCompletionsConversation;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import reactor.core.publisher.Mono;

/**
 * Per-request cost of non-streamed calls (S4) by contender, for profiling one change at a
 * time: bytes allocated and CPU time by all threads per request, and the p50 latency, for
 * sequential requests against the fake server in its own JVM. The {@code conversation}
 * contender builds a {@code new ChatCompletionsConversation(key, url, model)} for every
 * request, as an application that makes one per chat does.
 *
 * <p>
 * {@code java -cp <test class path> dev.chatconversation.benchmarks.ClientCostProbe
 * [contenders] [warm-up] [requests]}, for example {@code ours,conversation 3000 5000};
 * with {@code -Dprobe.jfr=path} it records the measured requests of each contender (not
 * the warm-up) with JFR into {@code path-<contender>.jfr}, for {@link JfrLibraryFrames}.
 */
final class ClientCostProbe {

	private ClientCostProbe() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("build")) {
			construction((args.length > 1) ? Integer.parseInt(args[1]) : 2000);
			return;
		}
		String[] names = ((args.length > 0) ? args[0] : "raw,webclient,ours,conversation").split(",");
		int warmups = (args.length > 1) ? Integer.parseInt(args[1]) : 3000;
		int requests = (args.length > 2) ? Integer.parseInt(args[2]) : 5000;
		try (FakeServerProcess server = FakeServerProcess.start()) {
			Map<String, Supplier<Mono<Integer>>> calls = contenders(server.baseUrl());
			for (String name : names) {
				Supplier<Mono<Integer>> call = calls.get(name);
				if (call == null) {
					throw new IllegalArgumentException("No contender " + name + "; known: " + calls.keySet());
				}
				measure(name, call, warmups, requests);
			}
		}
		System.exit(0);
	}

	/**
	 * What building a conversation with the Python-style constructor costs, with no call
	 * sent: allocation and CPU time per conversation, averaged over rounds after warm-up.
	 */
	private static void construction(int conversations) {
		ChatCompletionsConversation[] built = new ChatCompletionsConversation[conversations];
		for (int round = 0; round < 6; round++) {
			Arrays.fill(built, null);
			long heapBefore = JvmMeters.usedHeapAfterGc();
			JvmMeters.ThreadCounters counters = JvmMeters.threadCounters();
			long start = System.nanoTime();
			for (int i = 0; i < conversations; i++) {
				built[i] = new ChatCompletionsConversation("sk-bench-" + (i % 2), "http://127.0.0.1:9/v1",
						"gpt-4o-mini");
			}
			long nanos = System.nanoTime() - start;
			long allocated = counters.allocatedSince();
			long retained = JvmMeters.usedHeapAfterGc() - heapBefore;
			System.out.printf(Locale.ROOT,
					"round %d: %,d conversations, each %,d B allocated, %,d B retained, %,.1f us%n", round,
					conversations, allocated / conversations, retained / conversations, nanos / 1e3 / conversations);
		}
		System.out.println(built[conversations - 1].messages().size());
	}

	private static Map<String, Supplier<Mono<Integer>>> contenders(String baseUrl) {
		Map<String, Supplier<Mono<Integer>>> calls = new LinkedHashMap<>();
		RawReactorNetty raw = new RawReactorNetty(baseUrl, 10_000);
		PlainWebClient web = new PlainWebClient(baseUrl, 10_000);
		LibraryClient ours = new LibraryClient(baseUrl);
		calls.put("raw", raw::complete);
		calls.put("webclient", web::complete);
		calls.put("ours", ours::complete);
		calls.put("conversation",
				() -> Mono.defer(() -> new ChatCompletionsConversation("sk-bench", baseUrl + "/v1", "gpt-4o-mini")
					.sendAndGetResponse(LibraryClient.PROMPT)
					.map(String::length)));
		return calls;
	}

	private static void measure(String name, Supplier<Mono<Integer>> call, int warmups, int requests)
			throws IOException, ParseException {
		for (int i = 0; i < warmups; i++) {
			call.get().block(Duration.ofSeconds(30));
		}
		System.gc();
		String jfr = System.getProperty("probe.jfr");
		Recording recording = (jfr != null) ? new Recording(Configuration.getConfiguration("profile")) : null;
		if (recording != null) {
			recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
			recording.start();
		}
		long[] nanos = new long[requests];
		JvmMeters.ThreadCounters counters = JvmMeters.threadCounters();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			call.get().block(Duration.ofSeconds(30));
			nanos[i] = System.nanoTime() - start;
		}
		long allocated = counters.allocatedSince();
		long cpu = counters.cpuNanosSince();
		if (recording != null) {
			recording.stop();
			recording.dump(Path.of(jfr + "-" + name + ".jfr"));
			recording.close();
		}
		Arrays.sort(nanos);
		System.out.printf(Locale.ROOT, "%-13s p50 %7.3f ms  %,9d B/request  %,7.1f us CPU/request%n", name,
				nanos[requests / 2] / 1e6, allocated / requests, cpu / 1e3 / requests);
	}

}
