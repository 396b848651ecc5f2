package dev.chatconversation.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} of a test's own, on a free loopback port, for what
 * must not touch the shared test server: pausing it, stopping it, flushing its scripts.
 * Needs the {@code redis-server} command (Debian's redis-server package, as in CI).
 */
final class PrivateRedisServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private PrivateRedisServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static PrivateRedisServer start() throws Exception {
		int port = freePort();
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.start();
		CompletableFuture<Void> ready = new CompletableFuture<>();
		Thread reader = new Thread(() -> drain(process, ready), "redis-server-" + port);
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
		return new PrivateRedisServer(process, port);
	}

	/** A loopback port nothing listens on (as long as nothing takes it meanwhile). */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void drain(Process process, CompletableFuture<Void> ready) {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			StringBuilder log = new StringBuilder();
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.contains("Ready to accept connections")) {
					ready.complete(null);
				}
				else if (!ready.isDone()) {
					log.append(line).append('\n');
				}
			}
			ready.completeExceptionally(new IllegalStateException("redis-server stopped:\n" + log));
		}
		catch (IOException ex) {
			ready.completeExceptionally(ex);
		}
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Stops the server and waits until it is gone. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
