package dev.chatconversation;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.FileConversationStore;
import dev.chatconversation.store.InMemoryConversationStore;
import dev.chatconversation.store.JdbcConversationStore;
import dev.chatconversation.store.RedisConversationStore;
import dev.chatconversation.store.StoreSettings;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.StoreServers;
import dev.chatconversation.tool.ChatTool;
import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.ConversationTurnStubs.finishChunk;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored turns on every store under BlockHound: no blocking call (a store call, a file
 * write, a JDBC or Redis round trip, a lock wait) may run on a Netty event loop or on
 * Reactor's parallel scheduler, where the client reads streams and the checkpoint timer
 * ticks. BlockHound records what it finds instead of throwing, so a blocking call
 * swallowed by a {@code try} still fails the test.
 *
 * <p>
 * Installing BlockHound changes the JVM for good, and on JDK 13+ needs
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}: these tests run in a surefire
 * execution of their own ({@code blockhound} in the core pom) and skip in any other JVM.
 */
class StoreBlockHoundTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final StoreSettings FAST_CHECKPOINTS = new StoreSettings(Duration.ofSeconds(30),
			Duration.ofMillis(20));

	private static final String PREFIX = "blockhound_"
			+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static @Nullable PGSimpleDataSource postgres;

	private static @Nullable RedisClient redis;

	@TempDir
	Path folder;

	private final FakeChatServer server = new FakeChatServer();

	private final HeldStream held = new HeldStream();

	private final List<ConversationStore> stores = new CopyOnWriteArrayList<>();

	private final List<String> created = new CopyOnWriteArrayList<>();

	enum Kind {

		MEMORY, FILE, JDBC, REDIS

	}

	@BeforeAll
	static void installBlockHound() {
		Assumptions.assumeTrue(redefinitionAllowed(),
				"BlockHound needs -XX:+AllowRedefinitionToAddDeleteMethods: run by the surefire execution 'blockhound'");
		BlockHound.install((builder) -> builder.blockingMethodCallback((method) -> violations
			.add(Thread.currentThread().getName() + " called " + method + " at\n" + stackOf(new Exception()))));
	}

	@BeforeEach
	void forgetEarlierViolations() {
		violations.clear();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.server.close();
		this.held.close();
		for (ConversationStore store : this.stores) {
			this.created.forEach(store::delete);
			if (store instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@AfterAll
	static void dropTablesAndDisconnect() throws SQLException {
		if (postgres != null) {
			try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
				statement.executeUpdate("DROP TABLE IF EXISTS " + PREFIX + "messages, " + PREFIX + "conversations");
			}
		}
		if (redis != null) {
			redis.shutdown();
		}
	}

	@Test
	void blockHoundRecordsASleepOnTheParallelScheduler() throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		Schedulers.parallel().schedule(() -> {
			sleep();
			done.countDown();
		});

		assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(violations).singleElement().asString().startsWith("parallel-").contains("java.lang.Thread.sleep");
	}

	@Test
	void blockHoundRecordsASleepOnANettyEventLoop() throws Exception {
		LoopResources loops = LoopResources.create("blockhound-check", 1, true);
		try {
			loops.onClient(false).next().submit(() -> sleep()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			loops.dispose();
		}

		assertThat(violations).singleElement()
			.asString()
			.startsWith("blockhound-check-nio-")
			.contains("java.lang.Thread.sleep");
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aStreamedTurnWithSeveralCheckpointsBlocksNoEventLoop(Kind kind) {
		RecordingStore store = store(kind);
		ChatCompletionsConversation conversation = conversation(this.held.baseUrl(), store);

		StepVerifier.create(conversation.sendAndStreamResponse("Tell me a story"))
			.then(() -> this.held.send(roleChunk(), contentChunk("Once")))
			.expectNext("Once")
			.then(() -> awaitCheckpoint(store, "Once"))
			.then(() -> this.held.send(contentChunk(" upon")))
			.expectNext(" upon")
			.then(() -> awaitCheckpoint(store, "Once upon"))
			.then(() -> {
				this.held.send(contentChunk(" a time"), finishChunk("stop"), "[DONE]");
				this.held.end();
			})
			.expectNext(" a time")
			.expectComplete()
			.verify(WAIT);

		assertThat(store.load(conversation.id()).messages()).isEqualTo(conversation.messages())
			.extracting(Message::text)
			.containsExactly("Tell me a story", "Once upon a time");
		assertThat(store.calls()).containsSubsequence("start", "checkpoint", "checkpoint", "complete");
		assertBlockedNoEventLoop(store);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aTurnWithoutStreamingBlocksNoEventLoop(Kind kind) {
		RecordingStore store = store(kind);
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl(), store);
		this.server.reply(FakeChatServer.json(200, FakeChatServer.completion("Hello")));

		StepVerifier.create(conversation.sendAndGetResponse("Hi")).expectNext("Hello").expectComplete().verify(WAIT);

		assertThat(store.load(conversation.id()).messages()).extracting(Message::text).containsExactly("Hi", "Hello");
		assertBlockedNoEventLoop(store);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aCancelledStreamedTurnBlocksNoEventLoop(Kind kind) {
		RecordingStore store = store(kind);
		ChatCompletionsConversation conversation = conversation(this.held.baseUrl(), store);
		this.held.send(roleChunk(), contentChunk("Hel"), contentChunk("lo"));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi").take(1))
			.expectNext("Hel")
			.expectComplete()
			.verify(WAIT);
		StepVerifier.create(store.ends().take(1)).expectNext("complete").expectComplete().verify(WAIT);

		List<Message> stored = store.load(conversation.id()).messages();
		assertThat(stored).hasSize(2);
		assertThat(((AssistantMessage) stored.get(1)).incomplete().reason()).isEqualTo(Incomplete.CANCELLED);
		assertBlockedNoEventLoop(store);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aStreamedTurnWithAToolRoundBlocksNoEventLoop(Kind kind) {
		RecordingStore store = store(kind);
		ChatTool lookup = ChatTool.of("lookup", "Looks up the weather", City.class,
				(city) -> "Sunny in " + city.city());
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(this.server.baseUrl()))
			.model(ConversationTurnStubs.MODEL)
			.tools(List.of(lookup))
			.store(store)
			.storeSettings(FAST_CHECKPOINTS)
			.build();
		this.created.add(conversation.id());
		ToolCall call = ToolCall.function("call_1", "lookup", "{\"city\":\"Paris\"}");
		this.server.reply(FakeChatServer.stream(Flux.just(ToolLoopStubs.toolCallStream(null, call))),
				FakeChatServer.stream(Flux.just(textReply("Sunny", " today"))));

		StepVerifier.create(conversation.sendAndStreamResponse("Weather in Paris?").collectList())
			.assertNext((pieces) -> assertThat(String.join("", pieces)).isEqualTo("Sunny today"))
			.expectComplete()
			.verify(WAIT);

		assertThat(store.load(conversation.id()).messages()).isEqualTo(conversation.messages())
			.extracting(Message::role)
			.containsExactly("user", "assistant", "tool", "assistant");
		assertThat(store.load(conversation.id()).messages().get(2).text()).isEqualTo("Sunny in Paris");
		assertBlockedNoEventLoop(store);
	}

	private ChatCompletionsConversation conversation(String baseUrl, RecordingStore store) {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl))
			.model(ConversationTurnStubs.MODEL)
			.store(store)
			.storeSettings(FAST_CHECKPOINTS)
			.build();
		this.created.add(conversation.id());
		return conversation;
	}

	private RecordingStore store(Kind kind) {
		ConversationStore store = switch (kind) {
			case MEMORY -> new InMemoryConversationStore();
			case FILE -> new FileConversationStore(this.folder);
			case JDBC -> jdbcStore();
			case REDIS -> RedisConversationStore.builder(redisClient()).keyPrefix("chat-test:" + PREFIX).build();
		};
		this.stores.add(store);
		return new RecordingStore(store);
	}

	private static synchronized JdbcConversationStore jdbcStore() {
		PGSimpleDataSource dataSource = postgres;
		boolean first = dataSource == null;
		if (dataSource == null) {
			dataSource = new PGSimpleDataSource();
			dataSource.setUrl(StoreServers.postgresUrl());
			dataSource.setUser(StoreServers.postgresUser());
			postgres = dataSource;
		}
		JdbcConversationStore store = JdbcConversationStore.builder(dataSource).tablePrefix(PREFIX).build();
		if (first) {
			store.initializeSchema();
		}
		return store;
	}

	private static synchronized RedisClient redisClient() {
		RedisClient client = redis;
		if (client == null) {
			client = RedisClient.create(StoreServers.redisUrl());
			redis = client;
		}
		return client;
	}

	private static void awaitCheckpoint(RecordingStore store, String text) {
		StepVerifier.create(store.checkpoints().filter((partial) -> partial.text().equals(text)))
			.expectNextCount(1)
			.thenCancel()
			.verify(WAIT);
	}

	/**
	 * No blocking call was recorded on a non-blocking thread, and every store call of the
	 * turn ran off the event loops and the parallel scheduler.
	 */
	private static void assertBlockedNoEventLoop(RecordingStore store) {
		assertThat(violations).isEmpty();
		assertThat(store.threads()).isNotEmpty()
			.noneMatch((thread) -> thread.contains("nio") || thread.contains("epoll") || thread.startsWith("parallel"));
	}

	private static String stackOf(Throwable trace) {
		return Arrays.stream(trace.getStackTrace())
			.skip(1)
			.limit(40)
			.map((frame) -> "\t" + frame)
			.collect(Collectors.joining("\n"));
	}

	private static void sleep() {
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean redefinitionAllowed() {
		return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
			.getVMOption("AllowRedefinitionToAddDeleteMethods")
			.getValue());
	}

	record City(String city) {
	}

}
