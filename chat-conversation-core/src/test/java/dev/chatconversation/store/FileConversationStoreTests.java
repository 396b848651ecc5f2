package dev.chatconversation.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store contract on {@link FileConversationStore}, and what only a folder of files
 * must survive: restarts, other processes on the same folder, crashes mid-write, damaged
 * files and hostile ids.
 */
class FileConversationStoreTests extends ConversationStoreContract {

	@TempDir
	Path folder;

	@Override
	protected ConversationStore newStore(MutableClock clock) {
		return new FileConversationStore(this.folder, clock);
	}

	@Override
	protected boolean corruptMessage(String id, int index, String raw) {
		try {
			Path log = onlyConversationFolder(id).resolve("log.jsonl");
			String text = Files.readString(log);
			Files.writeString(log, text.replace("\\\"content\\\":\\\"Hello\\\"}", "\\\"content\\\":42        "));
			return !text.equals(Files.readString(log));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Path onlyConversationFolder(String id) throws IOException {
		try (Stream<Path> dirs = Files.list(this.folder)) {
			for (Path dir : dirs.toList()) {
				if (Files.readString(dir.resolve("state.json")).contains("\"id\":\"" + id + "\"")) {
					return dir;
				}
			}
		}
		throw new IllegalStateException("No folder for " + id);
	}

	@Test
	void aNewStoreOnTheSameFolderSeesEverythingLeasesAndCheckpointsIncluded() {
		String id = this.store.create(NewConversation.create().withOwner("alice")).id();
		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.append(lease, 0, List.of(Message.user("Tell me a story")));
		this.store.checkpoint(lease, partial("Once upon"));

		ConversationStore restarted = new FileConversationStore(this.folder, this.clock);

		assertThatExceptionOfType(dev.chatconversation.ConversationBusyException.class)
			.isThrownBy(() -> restarted.acquire(id, LEASE));
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(restarted.load(id).messages()).containsExactly(Message.user("Tell me a story"),
				partial("Once upon"));
		assertThat(restarted.list(ConversationQuery.owner("alice")).conversations()).extracting(ConversationRecord::id)
			.containsExactly(id);
	}

	@Test
	void twoStoresOnOneFolderNeverLoseOrDuplicateAMessage() throws Exception {
		String id = this.store.create(NewConversation.create()).id();
		List<ConversationStore> stores = List.of(this.store, new FileConversationStore(this.folder, this.clock));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				ConversationStore writerStore = stores.get(w % 2);
				int writer = w;
				writers.add(pool.submit(() -> {
					for (int i = 0; i < 15;) {
						StoredConversation current = writerStore.load(id);
						try {
							writerStore.append(id, current.record().version(), current.messages().size(),
									List.of(Message.user(writer + "-" + i)));
							i++;
						}
						catch (ConversationConflictException ex) {
							// another writer won this version: read and try again
						}
					}
					return null;
				}));
			}
			for (Future<?> writer : writers) {
				writer.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.store.load(id).messages()).hasSize(60).doesNotHaveDuplicates();
	}

	@Test
	void aWriteThatCrashedBeforeItsCommitLeavesThePreviousVersionAndTheNextWriteCutsItOff() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path log = onlyConversationFolder(id).resolve("log.jsonl");
		Files.writeString(log, "{\"version\":2,\"keep\":1,\"messages\":[\"{\\\"role\\\":\\\"assis",
				StandardOpenOption.APPEND);

		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));

		assertThat(new FileConversationStore(this.folder, this.clock).load(id).messages())
			.containsExactly(Message.user("Hi"), Message.assistant("Hello"));
		assertThat(Files.readString(log)).doesNotContain("assis\n").endsWith("\n");
	}

	@Test
	void aDamagedStateFileIsRebuiltFromTheLog() throws IOException {
		String id = this.store
			.create(NewConversation.create().withOwner("alice").withMessages(List.of(Message.user("Hi"))))
			.id();
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));
		ConversationRecord before = this.store.load(id).record();
		Path state = onlyConversationFolder(id).resolve("state.json");

		// the state file is not forced to disk: a power failure may leave it so
		Files.writeString(state, "{\"id\":");

		StoredConversation rebuilt = new FileConversationStore(this.folder, this.clock).load(id);
		assertThat(rebuilt.record()).isEqualTo(before);
		assertThat(rebuilt.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
		assertThat(this.store.list(ConversationQuery.owner("alice")).conversations()).containsExactly(before);
	}

	@Test
	void aDamagedStateFileOverALogWithoutItsHeaderFailsNamingTheConversationAndTheFile() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path dir = onlyConversationFolder(id);
		Path state = dir.resolve("state.json");
		String log = Files.readString(dir.resolve("log.jsonl"));
		Files.writeString(dir.resolve("log.jsonl"), log.substring(log.indexOf('\n') + 1));
		Files.writeString(state, "{\"id\":");
		ConversationStore restarted = new FileConversationStore(this.folder, this.clock);

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> restarted.load(id))
			.withMessageContaining(id)
			.withMessageContaining(state.toString());
	}

	@Test
	void aStoreNeverServesAStaleStateAfterAnotherStoreWroteTheConversation() {
		ConversationStore other = new FileConversationStore(this.folder, this.clock);
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		assertThat(other.load(id).record().version()).isEqualTo(1);

		ConversationLease lease = this.store.acquire(id, LEASE, 1, 1, List.of(Message.user("Tell me a story")));
		assertThatExceptionOfType(dev.chatconversation.ConversationBusyException.class)
			.isThrownBy(() -> other.acquire(id, LEASE));
		assertThat(other.load(id).messages()).containsExactly(Message.user("Hi"), Message.user("Tell me a story"));
		lease = this.store.checkpoint(lease, partial("Once"));
		this.store.checkpoint(lease, partial("Once upon"));
		this.clock.advance(LEASE.plusSeconds(1));

		assertThat(other.load(id).messages()).containsExactly(Message.user("Hi"), Message.user("Tell me a story"),
				partial("Once upon"));
		assertThat(this.store.load(id).record()).isEqualTo(other.load(id).record());
		assertThat(this.store.acquire(id, LEASE).version()).isEqualTo(3);
	}

	@Test
	void aStateFileThatACrashLeftBehindIsRolledForwardOverTheLog() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path state = onlyConversationFolder(id).resolve("state.json");
		byte[] old = Files.readAllBytes(state);
		this.clock.advance(Duration.ofMinutes(1));
		ConversationRecord written = this.store.append(id, 1, 0, List.of(Message.user("What is a cat?")));

		// the process died after the log's fsync, before the state file was written
		Files.write(state, old);

		StoredConversation rolled = new FileConversationStore(this.folder, this.clock).load(id);
		assertThat(rolled.record()).isEqualTo(written);
		assertThat(rolled.record().title()).isEqualTo("Hi");
		assertThat(rolled.messages()).containsExactly(Message.user("What is a cat?"));
		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.append(id, 1, 1, List.of(Message.assistant("stale"))));
		assertThat(this.store.append(id, 2, 1, List.of(Message.assistant("A pet."))).version()).isEqualTo(3);
	}

	@Test
	void aDamagedLineInsideTheLogFailsTheLoadNamingTheConversationAndTheLine() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));
		Path log = onlyConversationFolder(id).resolve("log.jsonl");
		List<String> lines = new ArrayList<>(Files.readAllLines(log));
		lines.set(1, "x".repeat(lines.get(1).length()));
		Files.write(log, lines);

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> this.store.load(id))
			.withMessageContaining(id)
			.withMessageContaining("line 2");
	}

	@Test
	void idsThatLookLikePathsStayInsideTheFolder() throws IOException {
		for (String id : List.of("../escape", "/etc/passwd", "a/b", "..", "con", "x".repeat(200))) {
			this.store.create(NewConversation.create().withId(id).withMessages(List.of(Message.user(id))));
			assertThat(this.store.load(id).messages()).containsExactly(Message.user(id));
		}
		try (Stream<Path> entries = Files.list(this.folder.getParent())) {
			assertThat(entries.map((path) -> path.getFileName().toString())).doesNotContain("escape");
		}
		try (Stream<Path> dirs = Files.list(this.folder)) {
			assertThat(dirs.map((path) -> path.getFileName().toString()))
				.allMatch((name) -> name.matches("[0-9a-f]{40}"));
		}
	}

	@Test
	void aTurnWritesOnlyItsNewMessagesAndLeavesTheLogBeforeThemUntouched() throws IOException {
		List<Message> history = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			history.add(Message.user("question " + i));
		}
		String id = this.store.create(NewConversation.create().withMessages(history)).id();
		Path log = onlyConversationFolder(id).resolve("log.jsonl");
		byte[] before = Files.readAllBytes(log);

		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.append(lease, 200, List.of(Message.user("new")));
		this.store.complete(lease, 201, List.of(Message.assistant("answer")));

		byte[] after = Files.readAllBytes(log);
		assertThat(new String(after, 0, before.length, StandardCharsets.UTF_8))
			.isEqualTo(new String(before, StandardCharsets.UTF_8));
		assertThat(after.length - before.length).isLessThan(300);
		assertThat(this.store.load(id).messages()).hasSize(202);
	}

	private static String leaseFiles(Path dir) throws IOException {
		StringBuilder text = new StringBuilder();
		for (String name : List.of("lease-0.json", "lease-1.json")) {
			if (Files.exists(dir.resolve(name))) {
				text.append(Files.readString(dir.resolve(name)));
			}
		}
		return text.toString();
	}

	@Test
	void leasesAndCheckpointsLiveInTheLeaseFilesAndLeaveTheCommittedStateAlone() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path dir = onlyConversationFolder(id);
		byte[] state = Files.readAllBytes(dir.resolve("state.json"));

		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.checkpoint(lease, partial("Hel"));
		lease = this.store.checkpoint(lease, null);

		assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(state);
		assertThat(leaseFiles(dir)).contains(lease.token(), "Hel");
		this.store.release(lease);
		assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(state);
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void leaseFilesLeftFromAnEarlierVersionNeverBringBackAFinishedTurn() throws IOException {
		String id = this.store.create(NewConversation.create()).id();
		Path dir = onlyConversationFolder(id);
		ConversationLease lease = this.store.acquire(id, LEASE, 0, 0, List.of(Message.user("Tell me a story")));
		lease = this.store.checkpoint(lease, partial("Once upon"));
		byte[] first = Files.readAllBytes(dir.resolve("lease-0.json"));
		byte[] second = Files.readAllBytes(dir.resolve("lease-1.json"));
		this.store.complete(lease, 1, List.of(Message.assistant("Once upon a time.")));

		// a crash between the commit and the lease files' update leaves them as they were
		Files.write(dir.resolve("lease-0.json"), first);
		Files.write(dir.resolve("lease-1.json"), second);
		this.clock.advance(LEASE.plusSeconds(1));
		ConversationStore restarted = new FileConversationStore(this.folder, this.clock);

		assertThat(restarted.load(id).messages()).containsExactly(Message.user("Tell me a story"),
				Message.assistant("Once upon a time."));
		assertThat(restarted.acquire(id, LEASE).version()).isEqualTo(2);
	}

	@Test
	void aHalfWrittenLeaseRecordFallsBackToTheOneBeforeIt() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path dir = onlyConversationFolder(id);
		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.checkpoint(lease, partial("Hel"));
		this.store.checkpoint(lease, partial("Hello th"));
		Path newest = Files.readString(dir.resolve("lease-0.json")).contains("Hello th") ? dir.resolve("lease-0.json")
				: dir.resolve("lease-1.json");
		assertThat(Files.readString(newest)).contains("Hello th");

		// the process died in the middle of writing the newest record
		Files.writeString(newest, "{\"version\":1,\"record\":4,\"tok");

		ConversationStore restarted = new FileConversationStore(this.folder, this.clock);
		assertThatExceptionOfType(dev.chatconversation.ConversationBusyException.class)
			.isThrownBy(() -> restarted.acquire(id, LEASE));
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(restarted.load(id).messages()).containsExactly(Message.user("Hi"), partial("Hel"));
	}

	@Test
	void damagedLeaseFilesCountAsNoLease() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		ConversationLease lease = this.store.acquire(id, LEASE);
		this.store.checkpoint(lease, partial("Hel"));
		Path dir = onlyConversationFolder(id);

		// only a power failure can damage both: no turn survives that
		Files.writeString(dir.resolve("lease-0.json"), "\0\0\0\0");
		Files.writeString(dir.resolve("lease-1.json"), "{\"version\":1,\"tok");
		ConversationStore restarted = new FileConversationStore(this.folder, this.clock);

		assertThat(restarted.acquire(id, LEASE).token()).isNotEqualTo(lease.token());
		assertThat(restarted.load(id).messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void aConversationWrittenInTheEarlierFormatLoadsAndTakesNewWrites() throws IOException {
		// the format before the log held a header: state.json was the commit point and
		// held the lease
		String id = "chat-from-0.1";
		String line = "{\"version\":1,\"keep\":0,\"messages\":[\"{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"Hi\\\"}\"]}\n";
		String state = "{\"id\":\"chat-from-0.1\",\"owner\":\"alice\",\"title\":\"Hi\",\"model\":null,"
				+ "\"createdAt\":1765000000000,\"updatedAt\":1765000000000,\"version\":1,\"count\":1,\"logLength\":"
				+ line.getBytes(StandardCharsets.UTF_8).length
				+ ",\"leaseToken\":null,\"leaseExpiresAt\":0,\"checkpoint\":null}";
		this.store.create(NewConversation.create().withId(id));
		Path dir = onlyConversationFolder(id);
		Files.writeString(dir.resolve("log.jsonl"), line);
		Files.writeString(dir.resolve("state.json"), state);
		ConversationStore upgraded = new FileConversationStore(this.folder, this.clock);

		assertThat(upgraded.load(id).messages()).containsExactly(Message.user("Hi"));
		assertThat(upgraded.load(id).record().owner()).isEqualTo("alice");
		ConversationLease lease = upgraded.acquire(id, LEASE, 1, 1, List.of(Message.user("Again")));
		upgraded.complete(lease, 2, List.of(Message.assistant("Hello again")));
		assertThat(new FileConversationStore(this.folder, this.clock).load(id).messages())
			.containsExactly(Message.user("Hi"), Message.user("Again"), Message.assistant("Hello again"));
	}

	@Test
	void listingWhileConversationsAreCreatedAndWrittenNeverFails() throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				work.add(writers.submit(() -> {
					for (int n = 0; n < 150; n++) {
						String id = this.store.create(NewConversation.create().withOwner("alice")).id();
						ConversationLease lease = this.store.acquire(id, LEASE, 0, 0, List.of(Message.user("Hi")));
						this.store.complete(lease, 1, List.of(Message.assistant("Hello")));
					}
					return null;
				}));
			}
			int listed = 0;
			while (!work.stream().allMatch(Future::isDone)) {
				// listing takes no lock: it must read a consistent state whatever the
				// writers do
				listed += this.store.list(ConversationQuery.owner("alice").withLimit(1000)).conversations().size();
			}
			for (Future<?> done : work) {
				done.get(1, TimeUnit.MINUTES);
			}
			assertThat(listed).isPositive();
			assertThat(this.store.list(ConversationQuery.owner("alice").withLimit(1000)).conversations()).hasSize(600)
				.allMatch((record) -> record.messageCount() == 2 && record.version() == 2);
		}
		finally {
			writers.shutdownNow();
		}
	}

	@Test
	void aStateFileCaughtHalfWrittenFailsItsChecksumAndIsRebuiltFromTheLog() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));
		Path state = onlyConversationFolder(id).resolve("state.json");
		String text = Files.readString(state);
		assertThat(text).contains("\"count\":2");

		// readable JSON, but not what was written: the bytes of two writes mixed
		Files.writeString(state, text.replace("\"count\":2", "\"count\":1"));

		StoredConversation read = new FileConversationStore(this.folder, this.clock).load(id);
		assertThat(read.record().messageCount()).isEqualTo(2);
		assertThat(read.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
	}

	@Test
	void aConversationWhoseCreateHasNotCommittedIsNotListedAndNotAnError() throws IOException {
		String id = this.store.create(NewConversation.create().withOwner("alice")).id();
		Path dir = onlyConversationFolder(id);
		Path other = this.folder.resolve("0".repeat(40));
		Files.createDirectory(other);
		String header = Files.readString(dir.resolve("log.jsonl"));
		// a create in progress: its folder and half its header, no state file yet
		Files.writeString(other.resolve("log.jsonl"), header.substring(0, header.length() / 2));

		assertThat(this.store.list(ConversationQuery.owner("alice")).conversations()).extracting(ConversationRecord::id)
			.containsExactly(id);
	}

	@Test
	void aFolderThatCannotBeCreatedIsAClearError() throws IOException {
		Path file = Files.writeString(this.folder.resolve("not-a-folder"), "x");

		assertThatExceptionOfType(ConversationStoreException.class)
			.isThrownBy(() -> new FileConversationStore(file.resolve("store"), this.clock))
			.withMessageContaining(file.resolve("store").toString());
		assertThat(Duration.ZERO).isZero();
	}

}
