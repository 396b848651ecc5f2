package dev.chatconversation.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The two fake servers every end-to-end scenario runs against, each in a JVM of its own:
 * {@link FakeChatServer} on Reactor Netty's HTTP server, and {@link NettyChatServer} on
 * plain Netty with one HTTP chunk per event.
 *
 * @param id the name used in {@code bench.servers} and in result file names
 * @param main the server's main class
 * @param label how the report names it
 */
record FakeServerKind(String id, Class<?> main, String label) {

	static final FakeServerKind REACTOR = new FakeServerKind("reactor", FakeChatServer.class,
			"fake server: Reactor Netty HttpServer, events in blocks");

	static final FakeServerKind NETTY = new FakeServerKind("netty", NettyChatServer.class,
			"fake server: plain Netty, one HTTP chunk per event");

	static List<FakeServerKind> all() {
		return List.of(REACTOR, NETTY);
	}

	/**
	 * The servers chosen with {@code -Dbench.servers=reactor,netty} (both by default).
	 * @return the servers, in a fixed order
	 */
	static List<FakeServerKind> selected() {
		List<String> names = Stream.of(System.getProperty("bench.servers", "reactor,netty").split(","))
			.map((name) -> name.trim().toLowerCase(Locale.ROOT))
			.toList();
		return all().stream().filter((kind) -> names.contains(kind.id())).toList();
	}

}
