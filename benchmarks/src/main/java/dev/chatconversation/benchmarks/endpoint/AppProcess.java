package dev.chatconversation.benchmarks.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.chatconversation.benchmarks.endpoint.meters.AppMeters;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One app under test in a fresh JVM of its own, started with this JVM's class path, so
 * that its heap and CPU time are its own; stopped by {@link #close()} or this JVM's exit.
 */
final class AppProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final String baseUrl;

	private AppProcess(Process process, int port) {
		this.process = process;
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	static AppProcess start(EndpointApp app, String modelUrl) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx1g", "-XX:+UseParallelGC"));
		// extra options for the app's JVM, a profiler's agent for instance, with {app}
		// for
		// the app's id
		String extra = System.getProperty("sse.appJvmArgs", "").replace("{app}", app.id());
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), app.main().getName(), "--server.port=0",
				"--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--chat.base-url=" + modelUrl, "--chat.api-key=sk-bench", "--chat.model=gpt-4o-mini",
				"--bench.model-url=" + modelUrl));
		command.addAll(app.arguments());
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(AppMeters.PORT_LINE)) {
				drain(out);
				return new AppProcess(process, Integer.parseInt(line.substring(AppMeters.PORT_LINE.length())));
			}
			System.out.println("  [app] " + line);
		}
		process.destroyForcibly();
		throw new IOException(app.id() + " stopped before it printed its port");
	}

	/** Keeps reading the app's output so that it never blocks on a full pipe. */
	private static void drain(BufferedReader out) {
		Thread drain = new Thread(() -> {
			try {
				String line;
				while ((line = out.readLine()) != null) {
					System.out.println("  [app] " + line);
				}
			}
			catch (IOException ex) {
				// the app ended
			}
		}, "app-output");
		drain.setDaemon(true);
		drain.start();
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** The app's process id, for {@code jcmd}. */
	long pid() {
		return this.process.pid();
	}

	/**
	 * The app's own meters.
	 * @param gc whether to collect garbage first
	 * @return its heap in use and its process CPU time
	 */
	Meters meters(boolean gc) {
		String json = HttpClient.create()
			.get()
			.uri(this.baseUrl + "/bench/meters?gc=" + gc)
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(60));
		JsonNode node = JSON.readTree(json);
		return new Meters(node.get("heapBytes").asLong(), node.get("cpuNanos").asLong());
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * What an app reports about itself.
	 *
	 * @param heapBytes heap in use
	 * @param cpuNanos CPU time of the whole process so far
	 */
	record Meters(long heapBytes, long cpuNanos) {
	}

}
