package dev.chatconversation.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * A conversation store in a relational database, through plain JDBC on a
 * {@link DataSource}: one row per conversation (its record, lease and checkpoint) and one
 * row per message (its JSON text and index), so a turn inserts only the messages it adds.
 *
 * <p>
 * Each call is one transaction on a connection of its own: auto-commit off, rolled back
 * on any failure, so the stored conversation is either changed as asked or left as it
 * was. Writes first lock the conversation's row ({@code SELECT ... FOR UPDATE}), which
 * serializes the writes, leases and version checks of one conversation across every
 * instance sharing the database; a load reads the row and the messages in one statement.
 * The two writes of a streamed turn skip that read in their usual case: a start on a
 * conversation no lease holds, and a complete whose lease still holds it, first run the
 * row's {@code UPDATE} with the lease, version and message count as its condition (which
 * locks the row as the read would), then insert the messages; only when that update finds
 * no row to change do they lock and read the row, in the same transaction, to recover an
 * expired lease or to say why they fail. On PostgreSQL that update and insert are one
 * statement (a data-modifying {@code WITH}) in auto-commit, as atomic with no transaction
 * to begin and commit; when it changes nothing, the lock and read follow in a
 * transaction. The writes that change only the row (a checkpoint, a release) are instead
 * one {@code UPDATE} in auto-commit whose condition is the lease (and, for a checkpoint,
 * the version), as atomic and with no commit to wait for; a checkpoint reads the row only
 * when that update finds no row to change, to say why. Lease expiry is judged on the
 * store's clock, so the instances' clocks must agree to well within a lease's duration.
 *
 * <p>
 * The tables are made by {@link #initializeSchema()} from the script
 * {@code dev/chatconversation/store/schema-<platform>.sql} of the database
 * ({@code postgresql} or {@code h2}), with a table prefix ({@code chat_} unless
 * {@linkplain Builder#tablePrefix(String) set}). The SQL the store runs is standard (it
 * lists pages with {@code FETCH FIRST n ROWS ONLY}); the PostgreSQL script says how other
 * databases adapt its types. Failures of the database (down, slow beyond the
 * {@linkplain Builder#queryTimeout(Duration) query timeout}) are
 * {@link ConversationStoreException}s naming the conversation, with the driver's
 * exception as the cause.
 *
 * <p>
 * Methods block on the database; call them where blocking is allowed. Instances are
 * thread safe and hold no connection between calls.
 */
public final class JdbcConversationStore implements ConversationStore {

	private final JdbcTransactions transactions;

	private final JdbcStatements statements;

	private final JdbcRowWriter writer;

	private final JdbcSchema schema;

	private final JdbcTurnStatements turns;

	private JdbcConversationStore(Builder builder) {
		this.schema = new JdbcSchema(builder.tablePrefix);
		this.transactions = new JdbcTransactions(builder.dataSource, builder.queryTimeout);
		this.statements = new JdbcStatements(this.schema, this.transactions);
		this.writer = new JdbcRowWriter(this.statements, builder.clock);
		this.turns = new JdbcTurnStatements(this.schema, this.transactions);
	}

	/**
	 * A builder of a store on the given data source.
	 * @param dataSource where connections come from (a pool in production)
	 * @return the builder
	 */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	/**
	 * Creates the store's tables and index if they do not exist yet, in one transaction,
	 * with the schema script of the database's platform (PostgreSQL or H2); running it
	 * again changes nothing. Instances may run it at the same time: on PostgreSQL they
	 * take turns on an advisory lock of the table prefix.
	 * @throws ConversationStoreException if the database refuses the script, or the
	 * library has none for this database (its message says how to make the tables)
	 */
	public void initializeSchema() {
		this.transactions.run(null,
				"create the tables '" + this.schema.conversations() + "' and '" + this.schema.messages() + "'",
				(connection) -> {
					this.statements.createSchema(connection);
					return null;
				});
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		String id = (conversation.id() != null) ? conversation.id() : StoredMessages.newId();
		List<String> json = StoredMessages.toJson(conversation.messages());
		return this.transactions.run(id, "create conversation '" + id + "'", (connection) -> {
			JdbcConversationRow row = JdbcConversationRow.created(id, conversation, this.writer.now());
			this.statements.insert(connection, row);
			this.statements.replaceMessages(connection, id, 0, 0, json);
			return row.record();
		});
	}

	@Override
	public StoredConversation load(String id) {
		JdbcSnapshot snapshot = read(id);
		if (snapshot.row().leaseExpired(this.writer.now())) {
			this.transactions.run(id, "recover the interrupted turn of conversation '" + id + "'",
					(connection) -> this.writer.locked(connection, id));
			snapshot = read(id);
		}
		return snapshot.conversation();
	}

	private JdbcSnapshot read(String id) {
		JdbcSnapshot snapshot = this.transactions.run(id, "load conversation '" + id + "'",
				(connection) -> this.statements.read(connection, id));
		if (snapshot == null) {
			throw new ConversationNotFoundException(id);
		}
		return snapshot;
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		PageCursor after = (query.after() != null) ? PageCursor.parse(query.after()) : null;
		List<ConversationRecord> records = this.transactions.run(null, "list conversations",
				(connection) -> this.statements.list(connection, query.owner(), after, query.limit() + 1));
		if (records.size() <= query.limit()) {
			return new ConversationPage(records, null);
		}
		List<ConversationRecord> page = records.subList(0, query.limit());
		return new ConversationPage(page, PageCursor.after(page.get(page.size() - 1)).toString());
	}

	@Override
	public boolean delete(String id) {
		return this.transactions.run(id, "delete conversation '" + id + "'",
				(connection) -> this.statements.delete(connection, id));
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		List<String> json = StoredMessages.toJson(messages);
		return this.transactions.run(id, "append to conversation '" + id + "'", (connection) -> {
			JdbcConversationRow row = this.writer.locked(connection, id);
			row.checkNotLeased();
			row.checkVersion(expectedVersion);
			JdbcConversationRow written = this.writer.replace(connection, row, keep, messages, json);
			return this.writer.save(connection, written).record();
		});
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		return this.transactions.run(id, "acquire the lease of conversation '" + id + "'", (connection) -> {
			JdbcConversationRow row = this.writer.locked(connection, id);
			row.checkNotLeased();
			JdbcConversationRow leased = row.withLease(StoredMessages.newToken(), this.writer.now().plus(duration));
			return this.writer.save(connection, leased).lease(duration);
		});
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		List<String> json = StoredMessages.toJson(messages);
		String title = StoredMessages.title(null, messages);
		String what = "start a turn in conversation '" + id + "'";
		Instant now = this.writer.now();
		String token = StoredMessages.newToken();
		Instant expiry = now.plus(duration);
		boolean alone = isPostgresql(id, what);
		if (alone && this.transactions.runAlone(id, what, (connection) -> this.turns.startAlone(connection, id,
				expectedVersion, keep, title, now, token, expiry, json))) {
			return new ConversationLease(id, token, expectedVersion + 1, keep + json.size(), expiry, duration);
		}
		return this.transactions.run(id, what, (connection) -> {
			if (!alone && this.turns.start(connection, id, expectedVersion, keep, keep + json.size(), title, now, token,
					expiry)) {
				this.statements.insertMessages(connection, id, keep, json);
				return new ConversationLease(id, token, expectedVersion + 1, keep + json.size(), expiry, duration);
			}
			// leased (maybe expired), another version or count, or gone: the row says
			JdbcConversationRow row = this.writer.locked(connection, id);
			row.checkNotLeased();
			row.checkVersion(expectedVersion);
			JdbcConversationRow written = this.writer.replace(connection, row, keep, messages, json);
			JdbcConversationRow leased = written.withLease(StoredMessages.newToken(), this.writer.now().plus(duration));
			return this.writer.save(connection, leased).lease(duration);
		});
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		return writeUnderLease("append to conversation '" + lease.conversationId() + "' under its lease", lease, keep,
				messages, (written) -> written.withLease(lease.token(), this.writer.now().plus(lease.duration())))
			.lease(lease.duration());
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		String json = (partial != null) ? StoredMessages.toJson(partial) : null;
		String id = lease.conversationId();
		String what = "checkpoint the reply in conversation '" + id + "'";
		Instant expiry = this.writer.now().plus(lease.duration());
		if (this.transactions.runAlone(id, what,
				(connection) -> this.statements.renew(connection, lease, expiry, json))) {
			return new ConversationLease(id, lease.token(), lease.version(), lease.messageCount(), expiry,
					lease.duration());
		}
		// lost, or a lease the last call did not return (its version is older): say which
		return this.transactions.run(id, what, (connection) -> this.writer.renew(connection, lease, json))
			.lease(lease.duration());
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		String id = lease.conversationId();
		String what = "complete the turn of conversation '" + id + "'";
		if (keep < 0 || keep > lease.messageCount()) {
			return writeUnderLease(what, lease, keep, messages, JdbcConversationRow::withoutLease).record();
		}
		List<String> json = StoredMessages.toJson(messages);
		String title = StoredMessages.title(null, messages);
		boolean alone = keep == lease.messageCount() && isPostgresql(id, what);
		if (alone) {
			Instant now = this.writer.now();
			ConversationRecord completed = this.transactions.runAlone(id, what,
					(connection) -> this.turns.completeAlone(connection, lease, title, now, json));
			if (completed != null) {
				return completed;
			}
		}
		return this.transactions.run(id, what, (connection) -> {
			ConversationRecord completed = alone ? null
					: this.turns.complete(connection, lease, keep + json.size(), title, this.writer.now());
			if (completed == null) {
				// lost, or an older lease the last call did not return: the row says
				return writeHeld(connection, lease, keep, messages, json, JdbcConversationRow::withoutLease).record();
			}
			this.statements.replaceMessages(connection, id, keep, lease.messageCount(), json);
			return completed;
		});
	}

	@Override
	public void release(ConversationLease lease) {
		String id = lease.conversationId();
		this.transactions.runAlone(id, "release the lease of conversation '" + id + "'", (connection) -> {
			this.statements.release(connection, id, lease.token());
			return null;
		});
	}

	/** Replaces the messages if the lease holds and the version is the lease's. */
	private JdbcConversationRow writeUnderLease(String what, ConversationLease lease, int keep,
			List<? extends Message> messages, UnaryOperator<JdbcConversationRow> leaseAfter) {
		List<String> json = StoredMessages.toJson(messages);
		return this.transactions.run(lease.conversationId(), what,
				(connection) -> writeHeld(connection, lease, keep, messages, json, leaseAfter));
	}

	private JdbcConversationRow writeHeld(Connection connection, ConversationLease lease, int keep,
			List<? extends Message> messages, List<String> json, UnaryOperator<JdbcConversationRow> leaseAfter)
			throws SQLException {
		JdbcConversationRow row = this.writer.held(connection, lease);
		row.checkVersion(lease.version());
		JdbcConversationRow written = leaseAfter.apply(this.writer.replace(connection, row, keep, messages, json));
		return this.writer.save(connection, written);
	}

	/** Whether a turn's start and complete can each be one statement in auto-commit. */
	private boolean isPostgresql(String id, String what) {
		return this.turns.platform(id, what).equals("postgresql");
	}

	@Override
	public String toString() {
		return "JdbcConversationStore[tables " + this.schema.conversations() + ", " + this.schema.messages() + "]";
	}

	/**
	 * Builds a {@link JdbcConversationStore}.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private String tablePrefix = JdbcSchema.DEFAULT_PREFIX;

		private @Nullable Duration queryTimeout;

		private Clock clock = Clock.systemUTC();

		private Builder(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		}

		/**
		 * Sets the prefix of the table names ({@code chat_} unless set): the tables are
		 * {@code <prefix>conversations} and {@code <prefix>messages}.
		 * @param tablePrefix 1 to 30 letters, digits and underscores, not starting with a
		 * digit
		 * @return this builder
		 */
		public Builder tablePrefix(String tablePrefix) {
			this.tablePrefix = new JdbcSchema(tablePrefix).prefix();
			return this;
		}

		/**
		 * Sets how long a statement may run before the driver cancels it (and the call
		 * fails with a {@link ConversationStoreException}); unset, statements wait as
		 * long as the database lets them. JDBC counts it in whole seconds, rounded up.
		 * @param queryTimeout the timeout, positive, or {@code null} for none
		 * @return this builder
		 */
		public Builder queryTimeout(@Nullable Duration queryTimeout) {
			if (queryTimeout != null && (queryTimeout.isNegative() || queryTimeout.isZero())) {
				throw new IllegalArgumentException("A query timeout is positive, not " + queryTimeout);
			}
			this.queryTimeout = queryTimeout;
			return this;
		}

		/**
		 * Sets the clock of times and lease expiry (the system clock unless set).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Builds the store; it does not connect until it is used.
		 * @return the store
		 */
		public JdbcConversationStore build() {
			return new JdbcConversationStore(this);
		}

	}

}
