package dev.chatconversation.samples.chatsse;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.chatconversation.samples.chatsse.demo.DemoModelServer;
import dev.chatconversation.store.ConversationPage;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 500 clients at once, over loopback, against the app with the offline demo model: valid
 * turns, malformed bodies, oversized bodies (with a length or chunked), browsers that
 * disconnect mid-reply, and unknown ids. Each client has its own address, forwarded as a
 * trusted proxy would, so the per-client limits apply as in production. Afterwards the
 * app still answers, no model call is left running, every chat's history is consistent,
 * and the heap is back to its baseline. The figures are printed with the prefix
 * {@code [load]}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.base-url=${demo.url}", "chat.model=" + DemoModelServer.MODEL, "chat-sse.demo=true",
				"chat-sse.limits.behind-proxy=true", "chat-sse.limits.turn-burst=5",
				"chat-sse.limits.turns-per-minute=5", "chat-sse.limits.max-streams=1000",
				"chat-sse.limits.max-streams-per-client=2" })
class HostileClientsLoadTests {

	private static final int CLIENTS = 500;

	/** Over the default limit of 256 KB. */
	private static final int OVERSIZED = 300 * 1024;

	/**
	 * What the heap may keep after the load: the JIT's and the pools' warm state that a
	 * first round does not create, and G1's region granularity (1 to 4 MB a region here).
	 * A leak of one reply's objects per client (500 streams of ~50 events) is larger.
	 */
	private static final long HEAP_TOLERANCE = 24L * 1024 * 1024;

	/**
	 * How long one client may take: a guard against hangs, not a speed check. On an idle
	 * 2-core machine the whole load takes seconds; on one shared with other builds it can
	 * take minutes (the CPU time is printed to tell the two apart).
	 */
	private static final Duration HANG_GUARD = Duration.ofSeconds(180);

	private static final DemoModelServer model = DemoModelServer.start(Duration.ofMillis(20));

	private static final ConnectionProvider connections = ConnectionProvider.builder("hostile-clients")
		.maxConnections(CLIENTS + 100)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(Duration.ofSeconds(60))
		.build();

	@DynamicPropertySource
	static void demoUrl(DynamicPropertyRegistry registry) {
		registry.add("demo.url", model::baseUrl);
	}

	private static final ResourceLeakDetector.Level leakDetection = ResourceLeakDetector.getLevel();

	/**
	 * The build runs Netty's leak detection at its paranoid level, which records a stack
	 * trace at every access to every buffer: under 500 clients it slows the app tenfold.
	 * Here the simple level samples about one buffer in a hundred, enough for a leak on
	 * every request to be reported, at a few percent of the cost.
	 */
	@BeforeAll
	static void sampleLeaks() {
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
	}

	@AfterAll
	static void stop() {
		ResourceLeakDetector.setLevel(leakDetection);
		connections.dispose();
		model.stop();
	}

	@LocalServerPort
	private int port;

	private final Map<Kind, List<String>> chats = new ConcurrentHashMap<>();

	@Autowired
	private ConversationStore store;

	@Test
	void theAppHoldsUpTo500HostileClientsAndLeavesNothingBehind() {
		RawClient client = new RawClient(this.port, connections);
		runClients(client, 0, Kind.values().length);
		deleteAll(client);
		long heapBefore = heapAfterGc();
		long directBefore = PlatformDependent.usedDirectMemory();

		long start = System.nanoTime();
		long cpuStart = cpuTime();
		Map<String, Long> statuses = runClients(client, 1000, CLIENTS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Duration cpu = Duration.ofNanos(cpuTime() - cpuStart);

		Outcome check = runClient(client, 5000, Kind.VALID).block(Duration.ofSeconds(30));
		assertThat(check.statuses()).as("a normal turn after the load").containsExactly(201, 200);
		await().atMost(Duration.ofSeconds(10)).until(() -> model.repliesInProgress() == 0);
		int openUpstream = model.openConnections();
		// a turn is recorded as its cancellation reaches it, at about the time the
		// model's
		// connection closes
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertConsistent(client));
		int stored = deleteAll(client);
		long heapAfter = heapAfterGc();
		long directAfter = PlatformDependent.usedDirectMemory();

		System.out.printf("[load] %d clients in %d ms (CPU time of the JVM: %d ms); requests by kind and status: %s%n",
				CLIENTS, took.toMillis(), cpu.toMillis(), statuses);
		System.out.printf("[load] chats stored and checked: %d; upstream replies in progress: 0; "
				+ "upstream connections open (idle in the pool): %d%n", stored, openUpstream);
		System.out.printf("[load] heap after GC: before %d KB, after %d KB (%+d KB); Netty direct: %d KB, %d KB%n",
				heapBefore / 1024, heapAfter / 1024, (heapAfter - heapBefore) / 1024, directBefore / 1024,
				directAfter / 1024);
		assertThat(statuses).containsOnlyKeys(expectedStatuses());
		assertThat(heapAfter).isLessThan(heapBefore + HEAP_TOLERANCE);
	}

	private Map<String, Long> runClients(RawClient client, int first, int count) {
		List<Outcome> outcomes = Flux.range(first, count)
			.flatMap((index) -> runClient(client, index, Kind.values()[index % Kind.values().length]), count)
			.collectList()
			.block(HANG_GUARD.plusSeconds(30));
		Map<String, Long> statuses = outcomes.stream()
			.flatMap((outcome) -> outcome.statuses().stream().map((status) -> outcome.kind() + " " + status))
			.collect(Collectors.groupingBy((key) -> key, TreeMap::new, Collectors.counting()));
		assertThat(outcomes).hasSize(count);
		for (Outcome outcome : outcomes) {
			assertThat(outcome.statuses()).as(outcome.kind() + " " + statuses + " " + outcome.failure())
				.isEqualTo(outcome.kind().expected);
		}
		return statuses;
	}

	private Mono<Outcome> runClient(RawClient client, int index, Kind kind) {
		String address = "10." + (index / 65536 % 256) + "." + (index / 256 % 256) + "." + (index % 256);
		if (kind == Kind.UNKNOWN) {
			String path = "/api/conversations/unknown-" + index + "-aaaaaaaaaaaa/messages";
			return Flux
				.concat(client.json(HttpMethod.POST, path, address, "{\"content\": \"Hi\"}"),
						client.json(HttpMethod.GET, path, address, ""))
				.map(RawClient.Answer::status)
				.collectList()
				.map((statuses) -> new Outcome(kind, statuses));
		}
		return client.json(HttpMethod.POST, "/api/conversations", address, "{}").flatMap((created) -> {
			String id = ChatApi.json.readTree(created.body()).path("id").asString();
			this.chats.computeIfAbsent(kind, (key) -> new ArrayList<>());
			synchronized (this.chats) {
				this.chats.get(kind).add(id);
			}
			return act(client, kind, index, id, address)
				.map((status) -> new Outcome(kind, List.of(created.status(), status)));
		})
			.timeout(HANG_GUARD)
			.onErrorResume((failure) -> Mono.just(new Outcome(kind, List.of(-1), failure.toString())));
	}

	private Mono<Integer> act(RawClient client, Kind kind, int index, String id, String address) {
		String messages = "/api/conversations/" + id + "/messages";
		return switch (kind) {
			case VALID -> client.stream(id, address, "Hello " + index)
				.collect(Collectors.joining())
				.map((reply) -> reply.contains("event:done") ? 200 : -1);
			case DISCONNECT -> client.stream(id, address, "Hello " + index)
				.takeUntil((text) -> text.contains("event:delta"))
				.then(Mono.just(200));
			case MALFORMED -> client.json(HttpMethod.POST, messages, address, malformed(index))
				.map((answer) -> problemStatus(answer));
			case OVERSIZED -> client.exchange(HttpMethod.POST, messages, address, oversized(index % 2 == 0))
				.map((answer) -> problemStatus(answer));
			case UNKNOWN -> Mono.error(new IllegalStateException("no chat"));
		};
	}

	private static String malformed(int index) {
		List<String> bodies = List.of("{\"content\": \"Hel", "{\"content\": {\"text\": \"Hi\"}}", "[]",
				"{\"text\": \"Hi\"}", "not json at all");
		return bodies.get(index / Kind.values().length % bodies.size());
	}

	private static Publisher<ByteBuf> oversized(boolean withLength) {
		byte[] kilobyte = "a".repeat(1024).getBytes();
		if (withLength) {
			return Mono.fromSupplier(() -> Unpooled.wrappedBuffer(new byte[OVERSIZED]));
		}
		return Flux.range(0, OVERSIZED / 1024).map((chunk) -> Unpooled.wrappedBuffer(kilobyte));
	}

	private static int problemStatus(RawClient.Answer answer) {
		boolean problem = answer.contentType().equals("application/problem+json")
				&& ChatApi.json.readTree(answer.body()).path("status").asInt() == answer.status();
		return problem ? answer.status() : -answer.status();
	}

	private void assertConsistent(RawClient client) {
		// each client is its own owner (no cookie kept): read every chat from the store
		Set<String> withMessages = new HashSet<>();
		ConversationQuery query = ConversationQuery.all().withLimit(1000);
		while (query != null) {
			ConversationPage page = this.store.list(query);
			page.conversations()
				.stream()
				.filter((chat) -> chat.messageCount() > 0)
				.forEach((chat) -> withMessages.add(chat.id()));
			query = query.next(page);
		}
		List<String> expected = new ArrayList<>(this.chats.get(Kind.VALID));
		expected.addAll(this.chats.get(Kind.DISCONNECT));
		assertThat(withMessages).containsExactlyInAnyOrderElementsOf(expected);
		Map<String, JsonNode> histories = Flux.fromIterable(this.chats.values())
			.flatMapIterable((ids) -> ids)
			.flatMap((id) -> client.json(HttpMethod.GET, "/api/conversations/" + id + "/messages", null, "")
				.map((answer) -> Map.entry(id, ChatApi.json.readTree(answer.body()))), 64)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(60));
		this.chats.forEach((kind, ids) -> ids.forEach((id) -> assertHistory(kind, histories.get(id))));
		long cancelled = this.chats.get(Kind.DISCONNECT)
			.stream()
			.filter((id) -> histories.get(id).path(1).has("incomplete"))
			.count();
		System.out.printf("[load] dropped replies kept as cancelled partials: %d of %d (the others had ended)%n",
				cancelled, this.chats.get(Kind.DISCONNECT).size());
	}

	/**
	 * A history alternates user and assistant messages; only the last reply may be
	 * incomplete, and a reply the browser walked away from is marked cancelled.
	 */
	private static void assertHistory(Kind kind, JsonNode history) {
		for (int i = 0; i < history.size(); i++) {
			assertThat(history.path(i).path("role").asString()).isEqualTo((i % 2 == 0) ? "user" : "assistant");
		}
		switch (kind) {
			case VALID -> {
				assertThat(history).hasSize(2);
				assertThat(history.path(1).has("incomplete")).isFalse();
				assertThat(history.path(1).path("content").asString()).startsWith("(Demo model, offline)");
			}
			case DISCONNECT -> {
				// on a busy machine the reply may have ended before the drop reached the
				// app
				assertThat(history).hasSize(2);
				assertThat(history.path(1).path("content").asString()).startsWith("(Demo");
				if (history.path(1).has("incomplete")) {
					assertThat(history.path(1).path("incomplete").path("reason").asString()).isEqualTo("cancelled");
				}
			}
			default -> assertThat(history).isEmpty();
		}
	}

	private int deleteAll(RawClient client) {
		List<String> ids = this.chats.values().stream().flatMap(List::stream).toList();
		Flux.fromIterable(ids)
			.flatMap((id) -> client.json(HttpMethod.DELETE, "/api/conversations/" + id, null, ""), 64)
			.then()
			.block(Duration.ofSeconds(30));
		this.chats.clear();
		return ids.size();
	}

	private static long cpuTime() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static Set<String> expectedStatuses() {
		return Set.of("DISCONNECT 200", "DISCONNECT 201", "MALFORMED 201", "MALFORMED 400", "OVERSIZED 201",
				"OVERSIZED 413", "UNKNOWN 404", "VALID 200", "VALID 201");
	}

	private enum Kind {

		VALID(201, 200), MALFORMED(201, 400), OVERSIZED(201, 413), DISCONNECT(201, 200), UNKNOWN(404, 404);

		private final List<Integer> expected;

		Kind(Integer... expected) {
			this.expected = List.of(expected);
		}

	}

	private record Outcome(Kind kind, List<Integer> statuses, @Nullable String failure) {

		Outcome(Kind kind, List<Integer> statuses) {
			this(kind, statuses, null);
		}

	}

}
