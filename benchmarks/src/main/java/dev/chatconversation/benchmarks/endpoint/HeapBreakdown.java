package dev.chatconversation.benchmarks.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where S5's heap per open chat goes: for each app, after a warm-up, a class histogram of
 * the app ({@code jcmd GC.class_histogram}, live objects after a full collection) before
 * and while N chats are held open half-way by the model server; prints the classes that
 * grew most, in bytes and instances per open chat.
 *
 * <p>
 * Arguments: chats held (1,000), classes listed (40).
 */
public final class HeapBreakdown {

	private HeapBreakdown() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int top = (args.length > 1) ? Integer.parseInt(args[1]) : 40;
		try (ModelServer model = new ModelServer()) {
			for (EndpointApp app : List.of(EndpointApp.PASS_THROUGH, EndpointApp.LIBRARY)) {
				breakdown(model, app, count, top);
			}
		}
		System.exit(0);
	}

	private static void breakdown(ModelServer model, EndpointApp app, int count, int top) throws Exception {
		try (AppProcess process = AppProcess.start(app, model.baseUrl())) {
			model.reply(new ModelServer.Reply(EndpointBenchmark.CHUNKS, Duration.ofMillis(1), 0));
			for (int i = 0; i < 3; i++) {
				new Browsers(process.baseUrl(), app, EndpointBenchmark.CHUNKS - 3).run(400)
					.block(Duration.ofMinutes(5));
			}
			model.reply(new ModelServer.Reply(EndpointBenchmark.CHUNKS, Duration.ofMillis(20),
					EndpointBenchmark.CHUNKS / 2));
			Map<String, long[]> before = histogram(process.pid());
			Browsers browsers = new Browsers(process.baseUrl(), app, EndpointBenchmark.CHUNKS - 3);
			CompletableFuture<Long> completed = browsers.run(count).toFuture();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (model.atHold() + browsers.failed() < count && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			Map<String, long[]> during = histogram(process.pid());
			model.release();
			completed.get(5, TimeUnit.MINUTES);
			print(app, count, top, before, during);
		}
	}

	private static void print(EndpointApp app, int count, int top, Map<String, long[]> before,
			Map<String, long[]> during) {
		long total = 0;
		record Growth(String type, double instances, double bytes) {
		}
		List<Growth> growths = new java.util.ArrayList<>();
		for (Map.Entry<String, long[]> entry : during.entrySet()) {
			long[] was = before.getOrDefault(entry.getKey(), new long[2]);
			long bytes = entry.getValue()[1] - was[1];
			total += bytes;
			growths.add(new Growth(entry.getKey(), (entry.getValue()[0] - was[0]) / (double) count,
					bytes / (double) count));
		}
		growths.sort((a, b) -> Double.compare(b.bytes(), a.bytes()));
		System.out.printf("%s: %d chats held, %.1f KB per open chat in all%n", app.id(), count, total / 1024.0 / count);
		growths.stream()
			.limit(top)
			.forEach((growth) -> System.out.printf("  %8.1f B %6.2f x  %s%n", growth.bytes(), growth.instances(),
					growth.type()));
	}

	private static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process process = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram").start();
		String text;
		try (InputStream out = process.getInputStream()) {
			text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
		}
		process.waitFor();
		Map<String, long[]> classes = new HashMap<>();
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 4 && fields[0].endsWith(":")) {
				classes.put(fields[3], new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) });
			}
		}
		return classes;
	}

}
