package dev.chatconversation.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import reactor.netty.http.client.HttpClient;

/**
 * A fake server ({@link FakeServerKind}) in a JVM of its own, started with this JVM's
 * class path and stopped by closing its standard input (or by this JVM's exit).
 */
final class FakeServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private FakeServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The server's process id. */
	long pid() {
		return this.process.pid();
	}

	static FakeServerProcess start() throws IOException {
		return start(FakeServerKind.REACTOR);
	}

	static FakeServerProcess start(FakeServerKind kind) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xms512m", "-Xmx2g", "-XX:+UseParallelGC", "-cp",
				System.getProperty("java.class.path"), kind.main().getName());
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(FakeChatServer.PORT_LINE)) {
				return new FakeServerProcess(process,
						Integer.parseInt(line.substring(FakeChatServer.PORT_LINE.length())));
			}
		}
		process.destroyForcibly();
		throw new IOException("The fake server stopped before it printed its port");
	}

	int port() {
		return this.port;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Lets the streams held at a gate go on.
	 * @param gate the gate's name
	 */
	void release(String gate) {
		HttpClient.create()
			.get()
			.uri(baseUrl() + "/control/release?gate=" + gate)
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(30));
	}

	@Override
	public void close() throws IOException {
		this.process.getOutputStream().close();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
