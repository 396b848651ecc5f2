package dev.chatconversation.benchmarks.endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * S5, the SSE endpoint users build, end to end: for each N, each app under test in a
 * fresh JVM (the pass-through floor first, then the library's endpoint) serves N
 * browser-like clients that each create a chat and stream a 100-chunk reply, chunks 20 ms
 * apart, from the fake model server in this JVM.
 *
 * <p>
 * Per app and N, after a warm-up: one round timed (completion, time to first text,
 * errors, the app's CPU time per relayed chunk), then one round held half-way on the
 * model server to take the app's heap per open chat (heap after collections with all
 * chats open, less the heap before). Writes {@code endpoint.json} and prints
 * {@link EndpointReport}'s table.
 *
 * <p>
 * System properties: {@code sse.quick=true} (N = 50 and 200, smaller warm-up),
 * {@code sse.clients=100,1000} (the N to measure), {@code sse.dir} (where results go).
 */
public final class EndpointBenchmark {

	static final int CHUNKS = 100;

	private static final Duration PAUSE = Duration.ofMillis(20);

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private EndpointBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		boolean quick = Boolean.getBoolean("sse.quick");
		List<Integer> clients = clients(quick);
		Path folder = Path.of(System.getProperty("sse.dir", "target/benchmarks"));
		List<EndpointResult> results = new ArrayList<>();
		try (ModelServer model = new ModelServer()) {
			for (int count : clients) {
				for (EndpointApp app : List.of(EndpointApp.PASS_THROUGH, EndpointApp.LIBRARY)) {
					System.out.println("S5: " + app.id() + ", " + count + " chats");
					results.add(measure(model, app, count, quick ? 100 : 400));
				}
			}
		}
		Files.createDirectories(folder);
		JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(folder.resolve("endpoint.json").toFile(), results);
		new EndpointReport(results).print(quick);
		System.exit(0);
	}

	private static List<Integer> clients(boolean quick) {
		String chosen = System.getProperty("sse.clients", "");
		if (!chosen.isBlank()) {
			return Stream.of(chosen.split(",")).map(String::trim).map(Integer::valueOf).toList();
		}
		return quick ? List.of(50, 200) : List.of(100, 1000, 2000);
	}

	private static EndpointResult measure(ModelServer model, EndpointApp app, int count, int warmUp) throws Exception {
		try (AppProcess process = AppProcess.start(app, model.baseUrl())) {
			model.reply(new ModelServer.Reply(CHUNKS, Duration.ofMillis(1), 0));
			for (int i = 0; i < 3; i++) {
				new Browsers(process.baseUrl(), app, CHUNKS - 3).run(warmUp).block(TIMEOUT);
			}
			model.reply(new ModelServer.Reply(CHUNKS, PAUSE, 0));
			Browsers timed = new Browsers(process.baseUrl(), app, CHUNKS - 3);
			AppProcess.Meters before = process.meters(false);
			long start = System.nanoTime();
			long completed = timed.run(count).block(TIMEOUT);
			double seconds = (System.nanoTime() - start) / 1e9;
			AppProcess.Meters after = process.meters(false);
			double cpuMicrosPerChunk = (after.cpuNanos() - before.cpuNanos()) / 1000.0 / ((double) count * CHUNKS);
			HeldChats held = heldChats(model, process, app, count);
			return new EndpointResult(app.id(), count, seconds, EndpointReport.median(timed.firstTextNanos()) / 1e6,
					held.kbPerChat(), count - (int) completed + held.failed(), cpuMicrosPerChunk, timed.firstFailure());
		}
	}

	private static HeldChats heldChats(ModelServer model, AppProcess process, EndpointApp app, int count)
			throws Exception {
		model.reply(new ModelServer.Reply(CHUNKS, PAUSE, CHUNKS / 2));
		long before = process.meters(true).heapBytes();
		Browsers browsers = new Browsers(process.baseUrl(), app, CHUNKS - 3);
		CompletableFuture<Long> completed = browsers.run(count).toFuture();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (model.atHold() + browsers.failed() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		long during = process.meters(true).heapBytes();
		model.release();
		long whole = completed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		return new HeldChats((during - before) / 1024.0 / count, count - (int) whole);
	}

	/**
	 * The held round.
	 *
	 * @param kbPerChat the app's heap per open chat
	 * @param failed the chats that failed
	 */
	private record HeldChats(double kbPerChat, int failed) {
	}

}
