package dev.chatconversation.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.persistence.AtomicFiles;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A conversation store in a folder: it survives restarts, and several processes may share
 * the folder.
 *
 * <p>
 * Each conversation has a sub-folder (named by a hash of its id, so no id can escape the
 * folder) holding {@code log.jsonl}, where each write appends one line (the messages it
 * adds and how many it keeps), and {@code state.json}, the metadata, replaced atomically
 * after each write: it records how much of the log is committed, so a crash in the middle
 * of a write leaves the previous version, and the next write cuts off the uncommitted
 * bytes. Writes are thus proportional to what they add; loading replays the log. Both are
 * forced to disk ({@code fsync}) before a write returns.
 *
 * <p>
 * The lease of a running turn and its checkpoint are in {@code lease.json}, replaced
 * atomically too but not forced to disk: they change every second while a reply streams,
 * and they only matter while the turn's process may still be alive. They survive the
 * death of a process (the operating system writes them out), not a power failure, after
 * which a damaged or missing lease file counts as no lease. A lease file belongs to one
 * version of the conversation: once a write commits a newer version, an older lease file
 * is ignored, so a crash between the two files never brings back a finished turn.
 *
 * <p>
 * Each operation holds a lock on the conversation, in this process and on the file system
 * ({@code FileChannel.lock}), so processes on one machine (or a file system with working
 * locks) never interleave writes.
 *
 * <p>
 * Listing reads the state of every conversation: its cost grows with the number of
 * conversations, which suits a few thousand; use the JDBC or Redis store beyond.
 */
public final class FileConversationStore implements ConversationStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String STATE = "state.json";

	private static final String LOG = "log.jsonl";

	private static final String LEASE = "lease.json";

	private final Path folder;

	private final Clock clock;

	// one lock per conversation folder for the whole JVM: file locks are held per
	// process,
	// and a second lock on the same file from this process would fail
	private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

	/**
	 * Creates a store in a folder, created if missing, on the system clock.
	 * @param folder the folder
	 */
	public FileConversationStore(Path folder) {
		this(folder, Clock.systemUTC());
	}

	/**
	 * Creates a store in a folder, created if missing.
	 * @param folder the folder
	 * @param clock the clock of times and lease expiry
	 * @throws ConversationStoreException if the folder cannot be created
	 */
	public FileConversationStore(Path folder, Clock clock) {
		this.folder = folder.toAbsolutePath();
		this.clock = clock;
		try {
			Files.createDirectories(this.folder);
		}
		catch (IOException ex) {
			throw new ConversationStoreException(null,
					"Cannot create the conversation folder " + this.folder + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		String id = (conversation.id() != null) ? conversation.id() : StoredMessages.newId();
		Path dir = dir(id);
		try {
			Files.createDirectory(dir);
		}
		catch (FileAlreadyExistsException ex) {
			if (Files.exists(dir.resolve(STATE))) {
				throw new ConversationConflictException(id, "Conversation '" + id + "' already exists in the store");
			}
			// left by a create that crashed before its state was written: take it over
		}
		catch (IOException ex) {
			throw failure(id, "create", ex);
		}
		return locked(id, "create", (state) -> {
			if (state != null) {
				throw new ConversationConflictException(id, "Conversation '" + id + "' already exists in the store");
			}
			Instant now = StoredMessages.now(this.clock);
			State created = new State(id, conversation.owner(),
					StoredMessages.title(conversation.title(), conversation.messages()), conversation.model(), now, now,
					0, 0, 0, null, Instant.EPOCH, null);
			Files.deleteIfExists(dir.resolve(LOG));
			if (!conversation.messages().isEmpty()) {
				created = write(created, 0, conversation.messages(), now);
			}
			else {
				saveState(created);
			}
			return created.record();
		});
	}

	@Override
	public StoredConversation load(String id) {
		return locked(id, "load", (state) -> {
			State current = recover(existing(id, state));
			return new StoredConversation(current.record(), StoredMessages.fromJson(id, replay(current)));
		});
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		PageCursor after = (query.after() != null) ? PageCursor.parse(query.after()) : null;
		List<ConversationRecord> matching = new ArrayList<>();
		try (Stream<Path> dirs = Files.list(this.folder)) {
			for (Path dir : (Iterable<Path>) dirs::iterator) {
				if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)) {
					continue;
				}
				State state = readCommitted(dir, null);
				if (state == null) {
					continue;
				}
				ConversationRecord record = state.record();
				if (StoredMessages.matches(record, query, after)) {
					matching.add(record);
				}
			}
		}
		catch (IOException ex) {
			throw new ConversationStoreException(null,
					"Cannot list the conversations in " + this.folder + ": " + ex.getMessage(), ex);
		}
		return StoredMessages.page(matching, query);
	}

	@Override
	public boolean delete(String id) {
		Path dir = dir(id);
		if (!Files.isDirectory(dir)) {
			return false;
		}
		Path trash = this.folder.resolve(".deleted-" + UUID.randomUUID());
		boolean deleted = locked(id, "delete", (state) -> {
			if (state == null) {
				return false;
			}
			Files.move(dir, trash);
			return true;
		});
		if (deleted) {
			deleteTree(trash);
		}
		return deleted;
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		return locked(id, "write", (state) -> {
			State current = recover(existing(id, state));
			if (current.leaseToken != null) {
				throw ConversationBusyException.leased(id, current.leaseExpiry);
			}
			current.checkVersion(expectedVersion);
			return write(current, keep, messages, StoredMessages.now(this.clock)).record();
		});
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		return locked(id, "acquire the lease of", (state) -> {
			State current = recover(existing(id, state));
			if (current.leaseToken != null) {
				throw ConversationBusyException.leased(id, current.leaseExpiry);
			}
			State leased = current.withLease(StoredMessages.newToken(), StoredMessages.now(this.clock).plus(duration),
					null);
			saveLease(leased);
			return leased.lease(duration);
		});
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		return locked(id, "start a turn on", (state) -> {
			State current = recover(existing(id, state));
			if (current.leaseToken != null) {
				throw ConversationBusyException.leased(id, current.leaseExpiry);
			}
			current.checkVersion(expectedVersion);
			Instant now = StoredMessages.now(this.clock);
			State written = write(current.withLease(StoredMessages.newToken(), now.plus(duration), null), keep,
					messages, now);
			return written.lease(duration);
		});
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		return locked(lease.conversationId(), "write", (state) -> {
			State current = held(lease, state);
			current.checkVersion(lease.version());
			Instant now = StoredMessages.now(this.clock);
			State written = write(current.withLease(lease.token(), now.plus(lease.duration()), null), keep, messages,
					now);
			return written.lease(lease.duration());
		});
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		return locked(lease.conversationId(), "checkpoint", (state) -> {
			State current = held(lease, state);
			String checkpoint = (partial != null) ? StoredMessages.toJson(partial) : current.checkpoint;
			State renewed = current.withLease(lease.token(), StoredMessages.now(this.clock).plus(lease.duration()),
					checkpoint);
			saveLease(renewed);
			return renewed.lease(lease.duration());
		});
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		return locked(lease.conversationId(), "write", (state) -> {
			State current = held(lease, state);
			current.checkVersion(lease.version());
			return write(current.withLease(null, Instant.EPOCH, null), keep, messages, StoredMessages.now(this.clock))
				.record();
		});
	}

	@Override
	public void release(ConversationLease lease) {
		if (!Files.isDirectory(dir(lease.conversationId()))) {
			return;
		}
		locked(lease.conversationId(), "release the lease of", (state) -> {
			if (state != null && lease.token().equals(state.leaseToken)) {
				saveLease(state.withLease(null, Instant.EPOCH, null));
			}
			return null;
		});
	}

	/**
	 * The folder the conversations are kept in.
	 * @return the folder
	 */
	public Path folder() {
		return this.folder;
	}

	@Override
	public String toString() {
		return "FileConversationStore[" + this.folder + "]";
	}

	// Locking and files

	private <T> T locked(String id, String action, Operation<T> operation) {
		Path dir = dir(id);
		ReentrantLock lock = LOCKS.computeIfAbsent(dir, (name) -> new ReentrantLock());
		lock.lock();
		try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock fileLock = channel.lock()) {
			return operation.apply(readState(dir, id));
		}
		catch (NoSuchFileException ex) {
			throw new ConversationNotFoundException(id);
		}
		catch (IOException ex) {
			throw failure(id, action, ex);
		}
		finally {
			lock.unlock();
		}
	}

	private ConversationStoreException failure(String id, String action, IOException ex) {
		return new ConversationStoreException(id, "Cannot " + action + " conversation '" + id + "' in " + dir(id) + ": "
				+ ex.getClass().getSimpleName() + " " + ex.getMessage(), ex);
	}

	private Path dir(String id) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
			return this.folder.resolve(HexFormat.of().formatHex(hash, 0, 20));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", ex);
		}
	}

	private static State existing(String id, @Nullable State state) {
		if (state == null) {
			throw new ConversationNotFoundException(id);
		}
		return state;
	}

	private State held(ConversationLease lease, @Nullable State state) {
		if (state == null) {
			throw new ConversationLeaseLostException(lease.conversationId());
		}
		StoredMessages.checkHeld(lease, state.leaseToken);
		return state;
	}

	/** An expired lease ends here: its checkpoint joins the messages. */
	private State recover(State state) throws IOException {
		Instant now = StoredMessages.now(this.clock);
		if (state.leaseToken == null || state.leaseExpiry.isAfter(now)) {
			return state;
		}
		State released = state.withLease(null, Instant.EPOCH, null);
		if (state.checkpoint == null) {
			saveLease(released);
			return released;
		}
		return writeJson(released, state.count, List.of(state.checkpoint), now, released.title);
	}

	private State write(State state, int keep, List<? extends Message> messages, Instant now) throws IOException {
		StoredMessages.checkKeep(state.id, keep, state.count);
		return writeJson(state, keep, StoredMessages.toJson(messages), now,
				StoredMessages.title(state.title, messages));
	}

	private State writeJson(State state, int keep, List<String> messages, Instant now, @Nullable String title)
			throws IOException {
		ObjectNode line = JSON.createObjectNode();
		line.put("version", state.version + 1);
		line.put("keep", keep);
		ArrayNode added = line.putArray("messages");
		messages.forEach(added::add);
		byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
		Path log = dir(state.id).resolve(LOG);
		try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			// bytes past the committed length are from a write that crashed: drop them
			channel.truncate(state.logLength);
			channel.position(state.logLength);
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
		State written = new State(state.id, state.owner, title, state.model, state.createdAt, now, state.version + 1,
				keep + messages.size(), state.logLength + bytes.length, state.leaseToken, state.leaseExpiry, null);
		saveState(written);
		saveLease(written);
		return written;
	}

	private List<String> replay(State state) throws IOException {
		List<String> messages = new ArrayList<>(state.count);
		if (state.logLength == 0) {
			return messages;
		}
		byte[] log;
		try (FileChannel channel = FileChannel.open(dir(state.id).resolve(LOG), StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(state.logLength));
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// read up to the committed length
			}
			if (buffer.hasRemaining()) {
				throw new ConversationStoreException(state.id,
						"Conversation '" + state.id + "' has a damaged log " + dir(state.id).resolve(LOG)
								+ ": it is shorter than the " + state.logLength + " bytes its state says were written",
						null);
			}
			log = buffer.array();
		}
		int lineNumber = 0;
		for (String line : new String(log, StandardCharsets.UTF_8).split("\n")) {
			lineNumber++;
			try {
				JsonNode record = JSON.readTree(line);
				int keep = record.required("keep").asInt();
				StoredMessages.checkKeep(state.id, keep, messages.size());
				messages.subList(keep, messages.size()).clear();
				for (JsonNode message : record.required("messages")) {
					messages.add(message.asString());
				}
			}
			catch (JacksonException | IllegalArgumentException ex) {
				throw new ConversationStoreException(state.id, "Conversation '" + state.id + "' has a damaged log "
						+ dir(state.id).resolve(LOG) + " at line " + lineNumber + ": " + ex.getMessage(), ex);
			}
		}
		if (messages.size() != state.count) {
			throw new ConversationStoreException(state.id, "Conversation '" + state.id + "' has a damaged log "
					+ dir(state.id).resolve(LOG) + ": " + messages.size() + " messages, the state says " + state.count,
					null);
		}
		return messages;
	}

	/** The state with its lease, if the lease file belongs to the state's version. */
	private @Nullable State readState(Path dir, @Nullable String expectedId) throws IOException {
		State state = readCommitted(dir, expectedId);
		if (state == null) {
			return null;
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(dir.resolve(LEASE));
		}
		catch (NoSuchFileException ex) {
			return state;
		}
		try {
			JsonNode lease = JSON.readTree(bytes);
			if (lease.required("version").asLong() != state.version) {
				return state;
			}
			return state.withLease(lease.required("token").asString(),
					Instant.ofEpochMilli(lease.required("expiresAt").asLong()), State.text(lease, "checkpoint"));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// only a power failure damages it (it is replaced atomically): no turn runs
			// then
			return state;
		}
	}

	/** The committed state, without the lease. */
	private @Nullable State readCommitted(Path dir, @Nullable String expectedId) throws IOException {
		Path file = dir.resolve(STATE);
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		try {
			return State.fromJson(JSON.readTree(bytes));
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			String id = (expectedId != null) ? expectedId : dir.getFileName().toString();
			throw new ConversationStoreException(expectedId,
					"Conversation '" + id + "' has a damaged state file " + file + ": " + ex.getMessage(), ex);
		}
	}

	private void saveState(State state) throws IOException {
		AtomicFiles.replace(dir(state.id).resolve(STATE),
				JSON.writeValueAsString(state.toJson()).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes the lease file of the state's version, or removes it if no lease is held;
	 * atomic, not forced to disk.
	 */
	private void saveLease(State state) throws IOException {
		Path file = dir(state.id).resolve(LEASE);
		if (state.leaseToken == null) {
			Files.deleteIfExists(file);
			return;
		}
		ObjectNode node = JSON.createObjectNode();
		node.put("version", state.version);
		node.put("token", state.leaseToken);
		node.put("expiresAt", state.leaseExpiry.toEpochMilli());
		node.put("checkpoint", state.checkpoint);
		Path temporary = file.resolveSibling("." + LEASE + "." + StoredMessages.newToken() + ".tmp");
		try {
			Files.write(temporary, JSON.writeValueAsBytes(node), StandardOpenOption.CREATE_NEW);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void deleteTree(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					// a leftover ".deleted-" folder is ignored by the store
				}
			});
		}
		catch (IOException ex) {
			// see above
		}
	}

	@FunctionalInterface
	private interface Operation<T> {

		T apply(@Nullable State state) throws IOException;

	}

	/** What {@code state.json} holds. */
	private record State(String id, @Nullable String owner, @Nullable String title, @Nullable String model,
			Instant createdAt, Instant updatedAt, long version, int count, long logLength, @Nullable String leaseToken,
			Instant leaseExpiry, @Nullable String checkpoint) {

		ConversationRecord record() {
			return new ConversationRecord(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
					this.version, this.count);
		}

		ConversationLease lease(Duration duration) {
			return new ConversationLease(this.id, this.leaseToken, this.version, this.count, this.leaseExpiry,
					duration);
		}

		State withLease(@Nullable String token, Instant expiry, @Nullable String checkpoint) {
			return new State(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt, this.version,
					this.count, this.logLength, token, expiry, checkpoint);
		}

		void checkVersion(long expected) {
			StoredMessages.checkVersion(this.id, expected, this.version);
		}

		ObjectNode toJson() {
			ObjectNode node = JSON.createObjectNode();
			node.put("id", this.id);
			node.put("owner", this.owner);
			node.put("title", this.title);
			node.put("model", this.model);
			node.put("createdAt", this.createdAt.toEpochMilli());
			node.put("updatedAt", this.updatedAt.toEpochMilli());
			node.put("version", this.version);
			node.put("count", this.count);
			node.put("logLength", this.logLength);
			return node;
		}

		static State fromJson(JsonNode node) {
			return new State(node.required("id").asString(), text(node, "owner"), text(node, "title"),
					text(node, "model"), Instant.ofEpochMilli(node.required("createdAt").asLong()),
					Instant.ofEpochMilli(node.required("updatedAt").asLong()), node.required("version").asLong(),
					node.required("count").asInt(), node.required("logLength").asLong(), null, Instant.EPOCH, null);
		}

		static @Nullable String text(JsonNode node, String field) {
			JsonNode value = node.get(field);
			return (value == null || value.isNull()) ? null : value.asString();
		}

	}

}
