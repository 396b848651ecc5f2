package dev.chatconversation.benchmarks.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.benchmarks.endpoint.library.LibraryEndpointApplication;

/**
 * Issue 18's cold-start count: rounds of the S5 endpoint, each against the library's
 * endpoint in a fresh JVM (the JIT cold, no warm-up), each N browser-like clients that
 * create a chat and stream a 100-chunk reply, chunks 20 ms apart. The app's stream-idle
 * timeout is short ({@code stall.appIdle}, 10 s) and each browser fails a reply that
 * reads nothing for {@code stall.browserIdle} (20 s), so a stalled reply is counted, with
 * how far it got, instead of hanging the round. Prints a line per round and a summary;
 * exits with 1 when any reply stalled or failed.
 *
 * <p>
 * Arguments: rounds (100), clients per round (1,000), the app: {@code library} (the
 * default) or {@code plainsse}, the same endpoint on plain {@code WebClient} without the
 * library ({@code PlainSseEndpoint}), whose stand-in idle timeout reads the same
 * {@code stall.appIdle}. {@code -Dstall.appArgs="..."} adds arguments to the app's
 * command line, {@code --chat.web.stream-on-connection-loop=false} for instance.
 */
public final class StallRounds {

	private static final Duration PAUSE = Duration.ofMillis(20);

	private StallRounds() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int clients = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		Duration appIdle = Duration.parse(System.getProperty("stall.appIdle", "PT10S"));
		Duration browserIdle = Duration.parse(System.getProperty("stall.browserIdle", "PT20S"));
		boolean plain = args.length > 2 && args[2].equals(EndpointApp.PLAIN_SSE.id());
		List<String> arguments = new ArrayList<>();
		if (plain) {
			arguments.addAll(EndpointApp.PLAIN_SSE.arguments());
			arguments.add("--bench.stream-idle=" + appIdle.toMillis() + "ms");
		}
		else {
			arguments.add("--chat.timeouts.stream-idle=" + appIdle.toMillis() + "ms");
			arguments.add("--chat.retry.max-attempts=1");
		}
		// extra arguments, such as --chat.web.stream-on-connection-loop=false
		for (String argument : System.getProperty("stall.appArgs", "").trim().split("\\s+")) {
			if (!argument.isEmpty()) {
				arguments.add(argument);
			}
		}
		EndpointApp app = new EndpointApp(plain ? EndpointApp.PLAIN_SSE.id() : "library",
				plain ? EndpointApp.PLAIN_SSE.main() : LibraryEndpointApplication.class, List.copyOf(arguments), 1, 1);
		List<String> failures = new ArrayList<>();
		int failedRounds = 0;
		try (ModelServer model = new ModelServer()) {
			model.reply(new ModelServer.Reply(EndpointBenchmark.CHUNKS, PAUSE, 0));
			for (int round = 1; round <= rounds; round++) {
				long start = System.nanoTime();
				try (AppProcess process = AppProcess.start(app, model.baseUrl())) {
					Browsers browsers = new Browsers(process.baseUrl(), app, EndpointBenchmark.CHUNKS - 3)
						.idleLimit(browserIdle);
					long whole = browsers.run(clients).block(Duration.ofMinutes(10));
					double seconds = (System.nanoTime() - start) / 1e9;
					System.out.printf("round %d: %d of %d replies whole, %d failed, %.1f s%n", round, whole, clients,
							browsers.failed(), seconds);
					if (browsers.failed() > 0 || whole != clients) {
						failedRounds++;
						browsers.failures().forEach((failure) -> {
							System.out.println("  " + failure);
						});
						browsers.failures().forEach(failures::add);
					}
				}
			}
		}
		System.out.printf("rounds=%d clients=%d failedRounds=%d failedReplies=%d%n", rounds, clients, failedRounds,
				failures.size());
		System.exit((failures.isEmpty()) ? 0 : 1);
	}

}
