package dev.chatconversation.samples.chatsse.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.chatconversation.samples.chatsse.ChatSseApplication;

import static org.awaitility.Awaitility.await;

/**
 * One instance of the sample in a JVM of its own, started from the test's classpath on a
 * free loopback port; its output goes to {@code target/scale-out/<name>.log}.
 */
final class SampleInstance implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

	private final String name;

	private final Process process;

	private final Path log;

	private int port;

	private SampleInstance(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts an instance; {@link #awaitStarted()} waits for it.
	 * @param name its name, for its log file
	 * @param arguments the application's arguments ({@code --property=value})
	 * @return the instance, starting
	 */
	static SampleInstance start(String name, List<String> arguments) {
		try {
			Path folder = Files.createDirectories(Path.of("target", "scale-out"));
			Path log = folder.resolve(name + ".log");
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
							"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
							ChatSseApplication.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
							"--spring.main.banner-mode=off",
							// the line the port is read from, whatever the logging set-up
							"--logging.level.org.springframework.boot.reactor.netty.NettyWebServer=INFO"));
			command.addAll(arguments);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new SampleInstance(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the instance serves HTTP, at most 2 minutes (a loaded CI machine).
	 * @return this instance
	 */
	SampleInstance awaitStarted() {
		await(this.name + " started").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + ":\n" + output());
			}
			Matcher started = STARTED.matcher(output());
			if (started.find()) {
				this.port = Integer.parseInt(started.group(1));
			}
			return this.port != 0;
		});
		return this;
	}

	/**
	 * The URL of a path of this instance.
	 * @param path the path, starting with {@code /}
	 * @return the URL
	 */
	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * Kills the JVM at once ({@code kill -9}): no shutdown hook runs, nothing is flushed
	 * or released.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException(this.name + " survived kill -9");
		}
	}

	String output() {
		try {
			return Files.exists(this.log) ? new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
