package dev.chatconversation.benchmarks.endpoint;

import java.util.List;

import dev.chatconversation.benchmarks.endpoint.library.LibraryEndpointApplication;
import dev.chatconversation.benchmarks.endpoint.passthrough.PassThroughApplication;
import dev.chatconversation.benchmarks.endpoint.plainsse.PlainSseApplication;

/**
 * An app under test of S5 and how a browser reads its stream.
 *
 * @param id the name in results
 * @param main its main class
 * @param arguments its own command-line arguments
 * @param firstTextLine which {@code data:} line of a reply carries its first text (1 for
 * the library's {@code delta} events, 2 for relayed chunks, whose first is the role
 * chunk)
 * @param extraLines the {@code data:} lines of a reply besides one per text delta
 */
record EndpointApp(String id, Class<?> main, List<String> arguments, int firstTextLine, int extraLines) {

	/**
	 * The library's endpoint: one {@code delta} event per text delta, then {@code end}.
	 */
	static final EndpointApp LIBRARY = new EndpointApp("library", LibraryEndpointApplication.class, List.of(), 1, 1);

	/**
	 * The pass-through, with the library's auto-configurations off: every chunk as the
	 * model sent it, role, finish and usage chunks and {@code [DONE]} included.
	 */
	static final EndpointApp PASS_THROUGH = new EndpointApp("passthrough", PassThroughApplication.class,
			List.of("--spring.autoconfigure.exclude=dev.chatconversation.autoconfigure.ChatAutoConfiguration,"
					+ "dev.chatconversation.autoconfigure.ChatHttpClientAutoConfiguration,"
					+ "dev.chatconversation.autoconfigure.ChatToolsAutoConfiguration,"
					+ "dev.chatconversation.autoconfigure.ChatWebErrorsAutoConfiguration,"
					+ "dev.chatconversation.autoconfigure.ChatWebStreamingAutoConfiguration,"
					+ "dev.chatconversation.autoconfigure.ChatObservationAutoConfiguration"),
			2, 4);

	/**
	 * Issue 18's reproduction without the library: the library's endpoint on plain
	 * {@code WebClient} and Jackson (same events, same payloads), the library's
	 * auto-configurations off.
	 */
	static final EndpointApp PLAIN_SSE = new EndpointApp("plainsse", PlainSseApplication.class,
			PASS_THROUGH.arguments(), 1, 1);

	/**
	 * The {@code data:} lines a browser should read for a reply.
	 * @param deltas the reply's text deltas
	 * @return the line count
	 */
	int lines(int deltas) {
		return deltas + this.extraLines;
	}

}
