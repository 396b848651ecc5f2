package dev.chatconversation.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.BenchmarkStores;
import dev.chatconversation.store.ConversationLease;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.NewConversation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The store cost of one turn, as a stored conversation pays it: acquire the lease and
 * append the user's message in one call, one checkpoint of the partial reply, complete
 * with the reply; on a conversation of 10 and of 10,000 messages. The goal is a cost that
 * does not grow with the history (10,000 within 2x of 10).
 *
 * <p>
 * Each turn replaces the previous turn's two messages (it keeps the first {@code history}
 * messages), so the history stays at its size however many turns run; the stores drop the
 * two messages as part of the user message's write. The memory and file stores are the
 * defaults; {@link StoreBenchmarks} adds JDBC and Redis when their servers are
 * configured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreTurnBenchmark {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final List<Message> USER = List.of(Message.user(LibraryClient.PROMPT));

	private static final AssistantMessage PARTIAL = Message.assistant(text(50));

	private static final List<Message> REPLY = List.of(Message.assistant(text(100)));

	@Param({ "memory", "file" })
	public String store;

	@Param({ "10", "10000" })
	public int history;

	private BenchmarkStores.Opened opened;

	private ConversationStore conversations;

	private String id;

	private long version;

	@Setup(Level.Trial)
	public void prepare() throws Exception {
		this.opened = BenchmarkStores.open(this.store);
		this.conversations = this.opened.store();
		ConversationRecord created = this.conversations.create(NewConversation.create());
		this.id = created.id();
		this.version = this.conversations.append(this.id, created.version(), 0, SampleConversations.mixed(this.history))
			.version();
	}

	@TearDown(Level.Trial)
	public void remove() throws Exception {
		this.opened.close();
	}

	@Benchmark
	public ConversationRecord turn() {
		ConversationLease lease = this.conversations.acquire(this.id, LEASE, this.version, this.history, USER);
		lease = this.conversations.checkpoint(lease, PARTIAL);
		ConversationRecord done = this.conversations.complete(lease, this.history + 1, REPLY);
		this.version = done.version();
		return done;
	}

	/** The text of a streamed reply of that many pieces, as the fake server sends it. */
	private static String text(int pieces) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < pieces; i++) {
			text.append(OpenAiStream.piece(i));
		}
		return text.toString();
	}

}
