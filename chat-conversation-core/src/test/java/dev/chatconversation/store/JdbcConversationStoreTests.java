package dev.chatconversation.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.Message;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the contract does not cover on {@link JdbcConversationStore}: the schema, damaged
 * rows, a database that is down or slow, a write that fails between its statements, and
 * what a turn writes. Against a real PostgreSQL, in tables of this class's own.
 */
class JdbcConversationStoreTests {

	private static final String PREFIX = JdbcTestDatabase.prefix("jdbcstore");

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final MutableClock clock = MutableClock.atNow();

	private static DataSource dataSource;

	private JdbcConversationStore freshStore() {
		dataSource = JdbcTestDatabase.dataSource();
		JdbcTestDatabase.drop(dataSource, PREFIX);
		JdbcConversationStore store = storeOn(dataSource, null);
		store.initializeSchema();
		return store;
	}

	private JdbcConversationStore storeOn(DataSource source, Duration queryTimeout) {
		return JdbcConversationStore.builder(source)
			.tablePrefix(PREFIX)
			.queryTimeout(queryTimeout)
			.clock(this.clock)
			.build();
	}

	@AfterAll
	static void dropTables() {
		if (dataSource != null) {
			JdbcTestDatabase.drop(dataSource, PREFIX);
		}
	}

	private static List<Message> users(int count) {
		List<Message> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(Message.user("message " + i));
		}
		return messages;
	}

	@Test
	void theSchemaScriptTakesThePrefixInEveryStatementAndRefusesAPrefixThatIsNotAName() {
		List<String> statements = new JdbcSchema("app1_").statements("postgresql");

		assertThat(statements).hasSize(3)
			.allSatisfy((sql) -> assertThat(sql).contains("app1_").doesNotContain("chat_").doesNotContain("--"));
		assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS app1_conversations");
		assertThat(statements.get(2)).contains("REFERENCES app1_conversations (id) ON DELETE CASCADE");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> JdbcConversationStore.builder(new PGSimpleDataSource()).tablePrefix("x; DROP TABLE y"))
			.withMessageContaining("x; DROP TABLE y");
		assertThat(JdbcSchema.platform("PostgreSQL")).isEqualTo("postgresql");
		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> new JdbcSchema("app1_").statements(JdbcSchema.platform("Microsoft SQL Server")))
			.withMessageContaining("no schema script for microsoftsqlserver")
			.withMessageContaining("schema-postgresql.sql");
	}

	@Test
	void initializingTheSchemaAgainChangesNothingAndKeepsTheConversations() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();

		store.initializeSchema();
		store.initializeSchema();

		assertThat(store.load(id).messages()).containsExactly(Message.user("Hi"));
		assertThat(strings("SELECT indexname FROM pg_indexes WHERE tablename = ? ORDER BY indexname",
				PREFIX + "conversations"))
			.containsExactly(PREFIX + "conversations_by_owner", PREFIX + "conversations_pkey");
	}

	@Test
	void instancesStartingTogetherEachInitializeTheSchemaWithoutFailing() throws Exception {
		DataSource source = JdbcTestDatabase.dataSource();
		int instances = 4;
		ExecutorService starts = Executors.newFixedThreadPool(instances);
		try {
			for (int round = 0; round < 10; round++) {
				String prefix = JdbcTestDatabase.prefix("jdbcinit");
				try {
					CyclicBarrier together = new CyclicBarrier(instances);
					List<Future<?>> done = new ArrayList<>();
					for (int i = 0; i < instances; i++) {
						JdbcConversationStore store = JdbcConversationStore.builder(source).tablePrefix(prefix).build();
						done.add(starts.submit(() -> {
							together.await();
							store.initializeSchema();
							return null;
						}));
					}
					for (Future<?> start : done) {
						start.get(30, TimeUnit.SECONDS);
					}
					JdbcConversationStore store = JdbcConversationStore.builder(source).tablePrefix(prefix).build();
					String id = store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
					assertThat(store.load(id).messages()).containsExactly(Message.user("Hi"));
				}
				finally {
					JdbcTestDatabase.drop(source, prefix);
				}
			}
		}
		finally {
			starts.shutdownNow();
		}
	}

	@Test
	void aMissingMessageRowOrAWrongCountFailsTheLoadNamingTheConversationAndTheIndex() {
		JdbcConversationStore store = freshStore();
		String gap = store.create(NewConversation.create().withMessages(users(3))).id();
		String miscounted = store.create(NewConversation.create().withMessages(users(2))).id();
		JdbcTestDatabase.update(dataSource,
				"DELETE FROM " + PREFIX + "messages WHERE conversation_id = '" + gap + "' AND idx = 1");
		JdbcTestDatabase.update(dataSource,
				"UPDATE " + PREFIX + "conversations SET message_count = 5 WHERE id = '" + miscounted + "'");

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> store.load(gap))
			.withMessageContaining("'" + gap + "' has no message at index 1")
			.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo(gap));
		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> store.load(miscounted))
			.withMessageContaining("'" + miscounted + "' counts 5 messages")
			.withMessageContaining("holds 2 message rows");
	}

	@Test
	void aDatabaseThatIsDownFailsEachCallNamingTheConversationAndNeverThePassword() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		PGSimpleDataSource down = new PGSimpleDataSource();
		down.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/chat_test?user=chat&password=pg-s3cret-pw");
		JdbcConversationStore store = storeOn(down, Duration.ofSeconds(2));

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> store.load("chat-7"))
			.withMessageStartingWith(
					"Could not load conversation 'chat-7' in the JDBC store: cannot reach the database")
			.withCauseInstanceOf(SQLException.class)
			.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo("chat-7"))
			.satisfies(JdbcConversationStoreTests::noPasswordInTheChain);
		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> store.append("chat-7", 1, 1, List.of(Message.user("x"))))
			.withMessageContaining("append to conversation 'chat-7'")
			.satisfies(JdbcConversationStoreTests::noPasswordInTheChain);
		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> store.list(ConversationQuery.all()))
			.withMessageContaining("list conversations")
			.satisfies((ex) -> assertThat(ex.conversationId()).isNull());
	}

	private static void noPasswordInTheChain(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain("pg-s3cret-pw");
		}
		assertThat(ex.toString()).doesNotContain("pg-s3cret-pw");
	}

	@Test
	void aDriverMessageWithAPasswordInAUrlIsRedacted() {
		assertThat(JdbcTransactions
			.redact("Bad URL jdbc:postgresql://h/db?user=chat&password=pg-s3cret-pw&ssl=true; pwd=other"))
			.isEqualTo("Bad URL jdbc:postgresql://h/db?user=chat&password=***&ssl=true; pwd=***");
	}

	@Test
	void aRowLockedLongerThanTheQueryTimeoutFailsTheWriteAndLeavesTheConversationAsItWas() throws SQLException {
		String id = freshStore().create(NewConversation.create().withMessages(users(2))).id();
		JdbcConversationStore impatient = storeOn(JdbcTestDatabase.dataSource(), Duration.ofSeconds(1));

		try (Connection other = JdbcTestDatabase.direct().getConnection()) {
			other.setAutoCommit(false);
			lockRow(other, id);
			assertThatExceptionOfType(ConversationStoreException.class)
				.isThrownBy(() -> impatient.append(id, 1, 1, List.of(Message.assistant("late"))))
				.withMessageStartingWith("Could not append to conversation '" + id + "' in the JDBC store: "
						+ "the database did not answer within the query timeout of PT1S")
				.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo(id));
			assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> impatient.acquire(id, LEASE))
				.withMessageContaining("acquire the lease of conversation '" + id + "'");
			other.rollback();
		}

		StoredConversation after = impatient.load(id);
		assertThat(after.messages()).isEqualTo(users(2));
		assertThat(after.record().version()).isEqualTo(1);
		assertThat(impatient.acquire(id, LEASE).version()).isEqualTo(1);
	}

	private static void lockRow(Connection connection, String id) throws SQLException {
		try (PreparedStatement lock = connection
			.prepareStatement("SELECT id FROM " + PREFIX + "conversations WHERE id = ? FOR UPDATE")) {
			lock.setString(1, id);
			try (ResultSet rows = lock.executeQuery()) {
				assertThat(rows.next()).isTrue();
			}
		}
	}

	@Test
	void aWriteThatFailsBetweenItsStatementsLeavesThePreviousVersionWhole() {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(3))).id();
		JdbcTestDatabase.update(dataSource, "ALTER TABLE " + PREFIX + "messages ADD CONSTRAINT " + PREFIX
				+ "no_poison CHECK (json NOT LIKE '%poison%')");

		// the delete of messages 1 and 2 and the insert of "fine" succeed; "poison" fails
		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> store.append(id, 1, 1, List.of(Message.assistant("fine"), Message.user("poison"))))
			.withMessageContaining("append to conversation '" + id + "'")
			.withMessageContaining("SQL state 23514");

		StoredConversation after = store.load(id);
		assertThat(after.messages()).isEqualTo(users(3));
		assertThat(after.record().version()).isEqualTo(1);
		assertThat(store.append(id, 1, 1, List.of(Message.assistant("fine"))).messageCount()).isEqualTo(2);
	}

	@Test
	void aTurnInsertsOnlyItsNewMessagesAndNeverRewritesTheStoredOnes() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(200))).id();
		Map<Integer, String> before = rowVersions(id);

		ConversationLease lease = store.acquire(id, LEASE);
		lease = store.append(lease, 200, List.of(Message.user("one more")));
		lease = store.checkpoint(lease, ConversationStoreContract.partial("Hel"));
		lease = store.checkpoint(lease, ConversationStoreContract.partial("Hello"));
		store.complete(lease, 201, List.of(Message.assistant("Hello!")));

		Map<Integer, String> after = rowVersions(id);
		assertThat(after).hasSize(202);
		assertThat(after).containsAllEntriesOf(before);
		assertThat(store.load(id).messages().subList(200, 202)).containsExactly(Message.user("one more"),
				Message.assistant("Hello!"));
	}

	/**
	 * Each message row's transaction id and physical place: both change if it is
	 * rewritten.
	 */
	private static Map<Integer, String> rowVersions(String id) throws SQLException {
		Map<Integer, String> versions = new LinkedHashMap<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement query = connection
					.prepareStatement("SELECT idx, xmin::text || ' ' || ctid::text FROM " + PREFIX
							+ "messages WHERE conversation_id = ?")) {
			query.setString(1, id);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					versions.put(rows.getInt(1), rows.getString(2));
				}
			}
		}
		return versions;
	}

	@Test
	void aTurnRunsThreeStatementsInAutoCommitOnALongHistoryAsOnAShortOne() {
		JdbcConversationStore store = freshStore();
		String shortOne = store.create(NewConversation.create().withMessages(users(10))).id();
		String longOne = store.create(NewConversation.create().withMessages(users(5000))).id();

		List<String> onShort = turnStatements(dataSource, PREFIX, shortOne);
		List<String> onLong = turnStatements(dataSource, PREFIX, longOne);

		assertThat(onLong).isEqualTo(onShort);
		assertThat(onShort).extracting((sql) -> sql.split(" ")[0]).containsExactly("WITH", "UPDATE", "WITH");
		assertThat(onShort.get(0)).contains("lease_token IS NULL RETURNING id) INSERT INTO " + PREFIX + "messages");
		assertThat(onShort.get(2)).contains("lease_token = ? RETURNING id, owner, title, model, created_at), i AS "
				+ "(INSERT INTO " + PREFIX + "messages");
	}

	@Test
	void onH2ATurnRunsFiveStatementsInTwoTransactionsWithNoReadBeforeItsWrites() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + JdbcTestDatabase.prefix("h2turn") + ";DB_CLOSE_DELAY=-1");
		JdbcConversationStore store = JdbcConversationStore.builder(h2).clock(this.clock).build();
		store.initializeSchema();
		String id = store.create(NewConversation.create().withMessages(users(3))).id();

		List<String> turn = turnStatements(h2, JdbcSchema.DEFAULT_PREFIX, id);

		assertThat(turn).extracting((sql) -> sql.split(" ")[0])
			.containsExactly("UPDATE", "INSERT", "COMMIT", "UPDATE", "SELECT", "INSERT", "COMMIT");
		assertThat(turn.get(4)).startsWith("SELECT owner, title, model, created_at FROM FINAL TABLE (UPDATE");
	}

	@Test
	void aStartOnALeaseThatExpiredWithACheckpointFallsBackToTheLockAndRecoversTheCheckpointFirst() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		ConversationLease dead = store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		store.checkpoint(dead, ConversationStoreContract.partial("Once"));
		this.clock.advance(LEASE.plusMillis(1));
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);

		ConversationLease lease = logged.acquire(id, LEASE, dead.version() + 1, 3, List.of(Message.user("Go on")));

		assertThat(log).extracting((sql) -> sql.split(" ")[0])
			.containsExactly("WITH", "SELECT", "INSERT", "UPDATE", "INSERT", "UPDATE", "COMMIT");
		assertThat(lease.version()).isEqualTo(4);
		assertThat(lease.messageCount()).isEqualTo(4);
		assertThat(stored(id)).containsExactly(lease.token() + ", no checkpoint, version 4, 4 message rows");
		logged.complete(lease, 4, List.of(Message.assistant("upon a time")));
		assertThat(store.load(id).messages()).containsExactly(Message.user("message 0"), Message.user("Tell me"),
				ConversationStoreContract.partial("Once"), Message.user("Go on"), Message.assistant("upon a time"));
	}

	@Test
	void aCompleteAfterItsLeaseWasLostReadsTheRowAndThrowsLeaseLostChangingNothing() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		ConversationLease lost = store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		this.clock.advance(LEASE.plusMillis(1));
		ConversationLease holder = store.acquire(id, LEASE, 2, 2, List.of(Message.user("Again")));
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);

		assertThatExceptionOfType(ConversationLeaseLostException.class)
			.isThrownBy(() -> logged.complete(lost, 2, List.of(Message.assistant("Too late"))))
			.withMessage(new ConversationLeaseLostException(id).getMessage());

		assertThat(log).extracting((sql) -> sql.split(" ")[0]).containsExactly("WITH", "SELECT", "ROLLBACK");
		assertThat(stored(id)).containsExactly(holder.token() + ", no checkpoint, version 3, 3 message rows");
	}

	@Test
	void aCompleteThatDropsMessagesUpdatesDeletesAndInsertsAndReturnsTheWholeRecord() {
		JdbcConversationStore store = freshStore();
		ConversationRecord created = store.create(
				NewConversation.create().withOwner("ann").withTitle("Stories").withModel("m1").withMessages(users(1)));
		String id = created.id();
		ConversationLease lease = store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		lease = store.append(lease, 2, List.of(Message.assistant("Once")));
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);
		this.clock.advance(Duration.ofSeconds(1));

		ConversationRecord completed = logged.complete(lease, 2, List.of(Message.assistant("Once upon a time")));

		assertThat(log).extracting((sql) -> sql.split(" ")[0]).containsExactly("UPDATE", "DELETE", "INSERT", "COMMIT");
		StoredConversation loaded = store.load(id);
		assertThat(completed).isEqualTo(loaded.record());
		assertThat(completed.title()).isEqualTo("Stories");
		assertThat(completed.owner()).isEqualTo("ann");
		assertThat(completed.model()).isEqualTo("m1");
		assertThat(completed.createdAt()).isEqualTo(created.createdAt());
		assertThat(completed.updatedAt()).isAfter(created.updatedAt());
		assertThat(completed.version()).isEqualTo(4);
		assertThat(loaded.messages()).containsExactly(Message.user("message 0"), Message.user("Tell me"),
				Message.assistant("Once upon a time"));
	}

	@Test
	void aTurnThatAddsNoMessageStartsAndCompletesWithOneUpdateEach() {
		JdbcConversationStore store = freshStore();
		ConversationRecord created = store
			.create(NewConversation.create().withOwner("ann").withModel("m1").withMessages(users(1)));
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);

		ConversationLease lease = logged.acquire(created.id(), LEASE, 1, 1, List.of());
		ConversationRecord completed = logged.complete(lease, 1, List.of());

		assertThat(log).hasSize(2)
			.allSatisfy((sql) -> assertThat(sql).startsWith("UPDATE " + PREFIX + "conversations"));
		assertThat(lease.version()).isEqualTo(2);
		assertThat(completed).isEqualTo(store.load(created.id()).record());
		assertThat(completed.version()).isEqualTo(3);
		assertThat(completed.messageCount()).isEqualTo(1);
		assertThat(completed.title()).isEqualTo("message 0");
		assertThat(completed.owner()).isEqualTo("ann");
	}

	/**
	 * The SQL one turn runs: its start with the user's message, a checkpoint, the reply.
	 */
	private List<String> turnStatements(DataSource source, String prefix, String id) {
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = JdbcConversationStore.builder(JdbcTestPool.logging(source, log))
			.tablePrefix(prefix)
			.clock(this.clock)
			.build();
		ConversationRecord stored = logged.load(id).record();
		int count = stored.messageCount();
		log.clear();
		ConversationLease lease = logged.acquire(id, LEASE, stored.version(), count, List.of(Message.user("one more")));
		lease = logged.checkpoint(lease, ConversationStoreContract.partial("Hel"));
		logged.complete(lease, count + 1, List.of(Message.assistant("Hello!")));
		return log;
	}

	@Test
	void aCheckpointIsOneUpdateInAutoCommitAndARenewalKeepsTheCheckpoint() {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);
		ConversationLease lease = logged.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		log.clear();

		lease = logged.checkpoint(lease, ConversationStoreContract.partial("Once"));
		this.clock.advance(Duration.ofSeconds(20));
		ConversationLease renewed = logged.checkpoint(lease, null);

		assertThat(log).hasSize(2)
			.allSatisfy((sql) -> assertThat(sql).startsWith("UPDATE " + PREFIX + "conversations SET lease_expires_at"));
		assertThat(renewed.version()).isEqualTo(2);
		assertThat(renewed.messageCount()).isEqualTo(2);
		assertThat(renewed.expiresAt()).isEqualTo(lease.expiresAt().plusSeconds(20));
		this.clock.advance(LEASE.minusMillis(1));
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> store.acquire(id, LEASE));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(store.load(id).messages()).containsExactly(Message.user("message 0"), Message.user("Tell me"),
				ConversationStoreContract.partial("Once"));
	}

	@Test
	void aCheckpointThatChangesNoRowReadsTheRowToSayWhy() {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		ConversationLease first = store.acquire(id, LEASE);
		ConversationLease appended = store.append(first, 1, List.of(Message.user("Tell me")));

		ConversationLease renewed = store.checkpoint(first, ConversationStoreContract.partial("Once"));

		assertThat(renewed.version()).isEqualTo(appended.version());
		assertThat(renewed.messageCount()).isEqualTo(2);
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(store.acquire(id, LEASE).version()).isEqualTo(3);
		assertThatExceptionOfType(ConversationLeaseLostException.class)
			.isThrownBy(() -> store.checkpoint(renewed, null))
			.withMessageContaining("'" + id + "'");
		store.delete(id);
		assertThatExceptionOfType(ConversationLeaseLostException.class)
			.isThrownBy(() -> store.checkpoint(renewed, ConversationStoreContract.partial("Once upon")))
			.withMessageContaining("'" + id + "'");
	}

	@Test
	void releasingALeaseIsOneUpdateInAutoCommit() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);
		ConversationLease lease = logged.checkpoint(logged.acquire(id, LEASE), ConversationStoreContract.partial("x"));
		log.clear();

		logged.release(lease);
		logged.release(lease);

		assertThat(log).hasSize(2).allSatisfy((sql) -> assertThat(sql).startsWith("UPDATE"));
		assertThat(stored(id)).containsExactly("no lease, no checkpoint, version 1, 1 message rows");
	}

	@Test
	void aOneStepStartOnAStaleVersionRollsBackAndLeavesNoLeaseAndNoMessage() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		store.append(id, 1, 1, List.of(Message.assistant("Hello")));
		List<String> log = new ArrayList<>();
		JdbcConversationStore logged = storeOn(JdbcTestPool.logging(dataSource, log), null);

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> logged.acquire(id, LEASE, 1, 2, List.of(Message.user("Again"))))
			.withMessageContaining("expected version 1, found 2");

		assertThat(stored(id)).containsExactly("no lease, no checkpoint, version 2, 2 message rows");
		assertThat(log).extracting((sql) -> sql.split(" ")[0]).containsExactly("WITH", "SELECT", "ROLLBACK");
		assertThat(store.acquire(id, LEASE, 2, 2, List.of(Message.user("Again"))).messageCount()).isEqualTo(3);
	}

	@Test
	void aOneStepStartThatConflictsAfterADeadTurnRollsBackItsRecoveryTooAndTheNextLoadMakesIt() throws SQLException {
		JdbcConversationStore store = freshStore();
		String id = store.create(NewConversation.create().withMessages(users(1))).id();
		ConversationLease dead = store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me")));
		store.checkpoint(dead, ConversationStoreContract.partial("Once"));
		this.clock.advance(LEASE.plusMillis(1));

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> store.acquire(id, LEASE, dead.version(), 2, List.of(Message.user("Go on"))))
			.withMessageContaining("expected version 2, found 3");

		assertThat(stored(id)).containsExactly(dead.token() + ", a checkpoint, version 2, 2 message rows");
		assertThat(store.load(id).messages()).containsExactly(Message.user("message 0"), Message.user("Tell me"),
				ConversationStoreContract.partial("Once"));
		assertThat(stored(id)).containsExactly("no lease, no checkpoint, version 3, 3 message rows");
	}

	/**
	 * The lease, checkpoint, version and number of message rows of a stored conversation.
	 */
	private static List<String> stored(String id) throws SQLException {
		return strings("SELECT COALESCE(c.lease_token, 'no lease') || ', ' "
				+ "|| CASE WHEN c.checkpoint IS NULL THEN 'no checkpoint' ELSE 'a checkpoint' END "
				+ "|| ', version ' || c.version || ', ' || (SELECT COUNT(*) FROM " + PREFIX
				+ "messages m WHERE m.conversation_id = c.id) || ' message rows' FROM " + PREFIX
				+ "conversations c WHERE c.id = ?", id);
	}

	@Test
	void twoInstancesOnOneDatabaseShareTheLeaseAndRecoverEachOthersCheckpoint() {
		JdbcConversationStore first = freshStore();
		JdbcConversationStore second = storeOn(JdbcTestDatabase.dataSource(), null);
		String id = first.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		ConversationLease lease = first.acquire(id, LEASE);
		first.checkpoint(lease, ConversationStoreContract.partial("Hel"));

		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> second.acquire(id, LEASE))
			.withMessageContaining(id);
		this.clock.advance(LEASE.plusMillis(1));

		assertThat(second.acquire(id, LEASE).version()).isEqualTo(2);
		assertThat(first.load(id).messages()).containsExactly(Message.user("Hi"),
				ConversationStoreContract.partial("Hel"));
	}

	private static List<String> strings(String sql, String parameter) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement query = connection.prepareStatement(sql)) {
			query.setString(1, parameter);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getString(1));
				}
			}
		}
		return values;
	}

}
