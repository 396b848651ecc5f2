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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32;

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
 * folder) holding {@code log.jsonl}, which commits every write: a header line (id, owner,
 * title, model, creation time), then one line per write (its version, time and title, the
 * messages it adds and how many it keeps). A write appends its line and forces the log to
 * disk ({@code fsync}): one forced write, proportional to what it adds; an unfinished
 * last line is a write that never committed, which the next write cuts off. Loading
 * replays the log. {@code state.json} keeps the metadata and the committed length of the
 * log so that reads need not replay it; it is written in place, not forced, and reading
 * rolls it forward over the lines past it (or rebuilds it from the log if it is damaged).
 *
 * <p>
 * The writes a turn makes while it holds its lease (the user's message, the rounds of a
 * tool call) are not forced: the turn's last write forces them with it. Like the lease
 * and the checkpoint, they survive the death of the process but not a power failure,
 * which loses the turn that was running; a finished turn and every write outside turns
 * are on disk when the call returns.
 *
 * <p>
 * The lease of a running turn and its checkpoint are in two lease files written in turn
 * ({@code lease-0.json}, {@code lease-1.json}), each record numbered, the newest valid
 * one holding: a write that dies half-way damages only the older record. They are written
 * in place and not forced to disk: they change every second while a reply streams, and
 * they only matter while the turn's process may still be alive. They survive the death of
 * a process (the operating system writes them out), not a power failure, after which a
 * damaged record counts as no lease. A lease record belongs to one version of the
 * conversation: once a write commits a newer version, older records are ignored, so a
 * crash between the state and the lease files never brings back a finished turn.
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

	private static final String[] LEASES = { "lease-0.json", "lease-1.json" };

	private final Path folder;

	private final Clock clock;

	// one lock per conversation folder for the whole JVM: file locks are held per
	// process,
	// and a second lock on the same file from this process would fail
	private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

	/**
	 * The state of the conversations this store last read or wrote, each with the
	 * generation its lock file held then. Every operation that writes first gives the
	 * lock file a new random generation, under the lock, so an operation that finds the
	 * generation it cached knows that no store wrote since and reads no other file.
	 */
	private final Map<Path, Cached> states = new ConcurrentHashMap<>();

	private static final int CACHED_STATES = 10_000;

	// the conversation whose lock the current thread holds
	private final ThreadLocal<@Nullable Held> held = new ThreadLocal<>();

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
			// an existing conversation, or a create that crashed before its log was
			// written: the lock below tells which
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
					0, 0, 0, null, Instant.EPOCH, null, 0);
			changing();
			Files.deleteIfExists(dir.resolve(LOG));
			created = appendLines(created, header(created), 0,
					conversation.messages().isEmpty() ? null : StoredMessages.toJson(conversation.messages()), now,
					created.title);
			// the new log's entry and the conversation's folder survive a crash too
			AtomicFiles.syncFolder(dir);
			AtomicFiles.syncFolder(this.folder);
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
			changing();
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
			State current = unleased(id, state);
			current.checkVersion(expectedVersion);
			return write(current, keep, messages, StoredMessages.now(this.clock)).record();
		});
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		return locked(id, "acquire the lease of", (state) -> {
			State current = unleased(id, state);
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
			State current = unleased(id, state);
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
				StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock fileLock = channel.lock()) {
			Held current = new Held(dir, channel, generation(channel));
			this.held.set(current);
			Cached cached = this.states.get(dir);
			State state;
			if (cached != null && current.generation != 0 && cached.generation() == current.generation) {
				state = cached.state();
			}
			else {
				state = readState(dir, id);
				if (state != null && current.generation != 0) {
					remember(current, state);
				}
			}
			return operation.apply(state);
		}
		catch (NoSuchFileException ex) {
			throw new ConversationNotFoundException(id);
		}
		catch (IOException ex) {
			forgetIfChanged();
			throw failure(id, action, ex);
		}
		catch (RuntimeException ex) {
			forgetIfChanged();
			throw ex;
		}
		finally {
			this.held.remove();
			lock.unlock();
		}
	}

	private static long generation(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
		while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
			// read the 8 bytes, if the file has them
		}
		return buffer.hasRemaining() ? 0 : buffer.getLong(0);
	}

	/**
	 * Gives the conversation whose lock this thread holds a new generation, before its
	 * first write: a process that dies half-way leaves a generation no cache holds.
	 */
	private void changing() throws IOException {
		Held current = this.held.get();
		if (current == null || current.changed) {
			return;
		}
		this.states.remove(current.dir);
		long next;
		do {
			next = ThreadLocalRandom.current().nextLong();
		}
		while (next == 0);
		writeFully(current.channel, ByteBuffer.allocate(Long.BYTES).putLong(0, next).array(), 0);
		current.generation = next;
		current.changed = true;
	}

	/** Caches the state as the files now hold it. */
	private State remembered(State state) {
		Held current = this.held.get();
		if (current != null && current.generation != 0) {
			remember(current, state);
		}
		return state;
	}

	/** After a failure: a write may have been made half-way. */
	private void forgetIfChanged() {
		Held current = this.held.get();
		if (current != null && current.changed) {
			this.states.remove(current.dir);
		}
	}

	private void remember(Held current, State state) {
		if (this.states.size() >= CACHED_STATES) {
			// crude but bounded: the next reads go to the files
			this.states.clear();
		}
		this.states.put(current.dir, new Cached(current.generation, state));
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

	/** The conversation after ending an expired lease; refused if a live one remains. */
	private State unleased(String id, @Nullable State state) throws IOException {
		State current = recover(existing(id, state));
		if (current.leaseToken != null) {
			throw ConversationBusyException.leased(id, current.leaseExpiry);
		}
		return current;
	}

	/** An expired lease ends here: its checkpoint joins the messages. */
	private State recover(State state) throws IOException {
		Instant now = StoredMessages.now(this.clock);
		if (state.leaseToken == null || state.leaseExpiry.isAfter(now)) {
			return state;
		}
		State released = state.withLease(null, Instant.EPOCH, null);
		if (state.checkpoint == null) {
			return saveLease(released);
		}
		return appendLines(released, null, state.count, List.of(state.checkpoint), now, released.title);
	}

	private State write(State state, int keep, List<? extends Message> messages, Instant now) throws IOException {
		StoredMessages.checkKeep(state.id, keep, state.count);
		return appendLines(state, null, keep, StoredMessages.toJson(messages), now,
				StoredMessages.title(state.title, messages));
	}

	/**
	 * Commits a write: appends its line (after the header of a new conversation) to the
	 * log and, unless the write leaves a turn's lease held, forces the log to disk, the
	 * one {@code fsync} of a write (it forces the turn's earlier lines too); then updates
	 * the state file and the lease, which a crash may leave behind, as reading rolls the
	 * state forward over the log.
	 */
	private State appendLines(State state, @Nullable String header, int keep, @Nullable List<String> messages,
			Instant now, @Nullable String title) throws IOException {
		StringBuilder text = new StringBuilder();
		if (header != null) {
			text.append(header).append('\n');
		}
		State written = state;
		if (messages != null) {
			ObjectNode line = JSON.createObjectNode();
			line.put("version", state.version + 1);
			line.put("keep", keep);
			ArrayNode added = line.putArray("messages");
			messages.forEach(added::add);
			line.put("at", now.toEpochMilli());
			if (title != null) {
				line.put("title", title);
			}
			text.append(JSON.writeValueAsString(line)).append('\n');
			written = state.committed(keep + messages.size(), title, now);
		}
		byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		changing();
		Path log = dir(state.id).resolve(LOG);
		try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			// bytes past the committed length are from a write that crashed: drop them
			channel.truncate(state.logLength);
			try {
				writeFully(channel, bytes, state.logLength);
				if (state.leaseToken == null) {
					channel.force(false);
				}
			}
			catch (IOException ex) {
				// not committed: take the line back out, or a later read would find it
				channel.truncate(state.logLength);
				throw ex;
			}
		}
		written = written.withLogLength(state.logLength + bytes.length);
		saveState(written);
		return saveLease(written);
	}

	private static String header(State state) {
		ObjectNode line = JSON.createObjectNode();
		line.put("version", 0);
		line.put("keep", 0);
		line.putArray("messages");
		ObjectNode conversation = line.putObject("conversation");
		conversation.put("id", state.id);
		conversation.put("owner", state.owner);
		conversation.put("title", state.title);
		conversation.put("model", state.model);
		conversation.put("createdAt", state.createdAt.toEpochMilli());
		return JSON.writeValueAsString(line);
	}

	private static void writeFully(FileChannel channel, byte[] bytes, long position) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer, position + buffer.position());
		}
	}

	/** The first line of a file that is written in place, without its newline. */
	private static @Nullable String firstLine(byte[] bytes) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return new String(bytes, 0, i, StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * Writes a small file in place, without truncating it to zero first (some file
	 * systems force the data to disk after that) and without forcing it.
	 */
	private static void writeInPlace(Path file, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			writeFully(channel, bytes, 0);
			if (channel.size() > bytes.length) {
				channel.truncate(bytes.length);
			}
		}
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
		State leased = state;
		long newest = -1;
		for (String name : LEASES) {
			JsonNode lease = readLease(dir.resolve(name));
			if (lease == null || lease.path("version").asLong(-1) != state.version
					|| lease.path("record").asLong(-1) <= newest) {
				continue;
			}
			newest = lease.path("record").asLong();
			String token = State.text(lease, "token");
			leased = ((token != null) ? state.withLease(token, Instant.ofEpochMilli(lease.path("expiresAt").asLong()),
					State.text(lease, "checkpoint")) : state)
				.withLeaseRecord(newest);
		}
		return leased;
	}

	/**
	 * A lease record, or {@code null} if there is none or it is damaged: only a write
	 * that died half-way or a power failure damages one, and no turn survives either.
	 */
	private static @Nullable JsonNode readLease(Path file) throws IOException {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		String line = firstLine(bytes);
		if (line == null) {
			return null;
		}
		try {
			return JSON.readTree(line);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The committed state, without the lease: the state file, rolled forward over any
	 * line the log holds past it (a crash may have come between the two), or rebuilt from
	 * the log if the state file is damaged or missing.
	 */
	private @Nullable State readCommitted(Path dir, @Nullable String expectedId) throws IOException {
		Path file = dir.resolve(STATE);
		byte[] bytes = null;
		State cached = null;
		RuntimeException damage = null;
		// the state file first, then the log's size: writers grow the log before they
		// write the state, so a listing, which takes no lock, never finds the state ahead
		// of the log
		try {
			bytes = Files.readAllBytes(file);
			cached = State.fromJson(JSON.readTree(checkedStateLine(bytes)));
		}
		catch (NoSuchFileException ex) {
			// a create that crashed before its state file: the log tells
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			damage = ex;
		}
		long logSize;
		try {
			logSize = Files.size(dir.resolve(LOG));
		}
		catch (NoSuchFileException ex) {
			logSize = -1;
		}
		if (cached != null && cached.logLength == Math.max(logSize, 0)) {
			return cached;
		}
		if (logSize <= 0 && bytes == null) {
			return null;
		}
		State rolled = (cached != null && cached.logLength < logSize) ? rollForward(dir, cached, logSize)
				: rollForward(dir, null, logSize);
		if (rolled == null && bytes == null) {
			// no state file and no whole header yet: a create in progress, or one that
			// crashed before anything was committed
			return null;
		}
		if (rolled == null) {
			String id = (expectedId != null) ? expectedId : dir.getFileName().toString();
			String why = (damage != null) ? damage.getMessage()
					: "it says " + ((cached != null) ? cached.logLength : 0) + " bytes of log, the log holds "
							+ Math.max(logSize, 0) + " and does not start with the conversation's header";
			throw new ConversationStoreException(expectedId,
					"Conversation '" + id + "' has a damaged state file " + file + ": " + why, damage);
		}
		return rolled;
	}

	/**
	 * Reads the log's lines from where the state ends (from the start if there is no
	 * state), up to the last whole line; an unfinished or unreadable last line is a write
	 * that never committed.
	 * @return the state, or {@code null} if there is none and the log has no header
	 */
	private @Nullable State rollForward(Path dir, @Nullable State from, long logSize) throws IOException {
		long start = (from != null) ? from.logLength : 0;
		byte[] tail = new byte[Math.toIntExact(Math.max(logSize - start, 0))];
		try (FileChannel channel = FileChannel.open(dir.resolve(LOG), StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.wrap(tail);
			while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) >= 0) {
				// read to the end
			}
		}
		State state = from;
		int lineStart = 0;
		for (int i = 0; i < tail.length; i++) {
			if (tail[i] != '\n') {
				continue;
			}
			JsonNode line;
			try {
				line = JSON.readTree(new String(tail, lineStart, i - lineStart, StandardCharsets.UTF_8));
			}
			catch (JacksonException ex) {
				break;
			}
			JsonNode header = line.get("conversation");
			if (state == null && header != null) {
				Instant created = Instant.ofEpochMilli(header.required("createdAt").asLong());
				state = new State(header.required("id").asString(), State.text(header, "owner"),
						State.text(header, "title"), State.text(header, "model"), created, created, 0, 0, 0, null,
						Instant.EPOCH, null, 0);
			}
			else if (state != null && line.path("version").asLong(-1) == state.version + 1) {
				JsonNode at = line.get("at");
				String title = State.text(line, "title");
				state = state.committed(line.required("keep").asInt() + line.required("messages").size(),
						(title != null) ? title : state.title,
						(at != null) ? Instant.ofEpochMilli(at.asLong()) : state.updatedAt);
			}
			else {
				break;
			}
			state = state.withLogLength(start + i + 1);
			lineStart = i + 1;
		}
		return state;
	}

	/**
	 * Writes the state file in place, not forced to disk: the log is what commits a
	 * write, and reading rolls a state that a crash left behind forward over it.
	 */
	private void saveState(State state) throws IOException {
		changing();
		String json = JSON.writeValueAsString(state.toJson());
		writeInPlace(dir(state.id).resolve(STATE),
				(json + "\t" + checksum(json) + "\n").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The state file's JSON, checked: it is written in place, so a reader that takes no
	 * lock (a listing) may catch it half-written; the checksum that ends its line tells.
	 * A file written before the checksum (one line without a newline) is taken as is.
	 * @throws IllegalArgumentException if the line is not whole or its checksum differs
	 */
	private static String checkedStateLine(byte[] bytes) {
		String line = firstLine(bytes);
		if (line == null) {
			if (bytes.length > 0 && bytes[bytes.length - 1] == '}') {
				return new String(bytes, StandardCharsets.UTF_8);
			}
			throw new IllegalArgumentException("the state file ends before its line does");
		}
		int tab = line.lastIndexOf('\t');
		if (tab < 0 || !line.substring(tab + 1).equals(checksum(line.substring(0, tab)))) {
			throw new IllegalArgumentException("the state file's checksum does not match its content");
		}
		return line.substring(0, tab);
	}

	private static String checksum(String json) {
		CRC32 crc = new CRC32();
		crc.update(json.getBytes(StandardCharsets.UTF_8));
		return Long.toHexString(crc.getValue());
	}

	/**
	 * Writes the state's lease (or that none is held) as the next lease record, in the
	 * lease file that does not hold the current one; in place, not forced to disk.
	 * @return the state, numbered with the record written
	 */
	private State saveLease(State state) throws IOException {
		changing();
		long record = state.leaseRecord + 1;
		ObjectNode node = JSON.createObjectNode();
		node.put("version", state.version);
		node.put("record", record);
		node.put("token", state.leaseToken);
		node.put("expiresAt", state.leaseExpiry.toEpochMilli());
		node.put("checkpoint", state.checkpoint);
		byte[] bytes = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
		writeInPlace(dir(state.id).resolve(LEASES[(int) (record % 2)]), bytes);
		return remembered(state.withLeaseRecord(record));
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

	/** A state and the generation of the lock file it goes with. */
	private record Cached(long generation, State state) {

	}

	/** The lock a thread holds on a conversation. */
	private static final class Held {

		final Path dir;

		final FileChannel channel;

		long generation;

		boolean changed;

		Held(Path dir, FileChannel channel, long generation) {
			this.dir = dir;
			this.channel = channel;
			this.generation = generation;
		}

	}

	@FunctionalInterface
	private interface Operation<T> {

		T apply(@Nullable State state) throws IOException;

	}

	/** What {@code state.json} holds. */
	private record State(String id, @Nullable String owner, @Nullable String title, @Nullable String model,
			Instant createdAt, Instant updatedAt, long version, int count, long logLength, @Nullable String leaseToken,
			Instant leaseExpiry, @Nullable String checkpoint, long leaseRecord) {

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
					this.count, this.logLength, token, expiry, checkpoint, this.leaseRecord);
		}

		/** The state after a write that leaves {@code count} messages. */
		State committed(int count, @Nullable String title, Instant now) {
			return new State(this.id, this.owner, title, this.model, this.createdAt, now, this.version + 1, count,
					this.logLength, this.leaseToken, this.leaseExpiry, null, this.leaseRecord);
		}

		State withLogLength(long length) {
			return new State(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt, this.version,
					this.count, length, this.leaseToken, this.leaseExpiry, this.checkpoint, this.leaseRecord);
		}

		State withLeaseRecord(long record) {
			return new State(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt, this.version,
					this.count, this.logLength, this.leaseToken, this.leaseExpiry, this.checkpoint, record);
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
					node.required("count").asInt(), node.required("logLength").asLong(), null, Instant.EPOCH, null, 0);
		}

		static @Nullable String text(JsonNode node, String field) {
			JsonNode value = node.get(field);
			return (value == null || value.isNull()) ? null : value.asString();
		}

	}

}
