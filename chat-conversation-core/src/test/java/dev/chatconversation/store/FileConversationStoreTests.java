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
	void aDamagedStateFileFailsNamingTheConversationAndTheFile() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path state = onlyConversationFolder(id).resolve("state.json");
		Files.writeString(state, "{\"id\":");

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> this.store.load(id))
			.withMessageContaining(id)
			.withMessageContaining(state.toString());
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

	@Test
	void leasesAndCheckpointsLiveInTheLeaseFileAndLeaveTheCommittedStateAlone() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		Path dir = onlyConversationFolder(id);
		byte[] state = Files.readAllBytes(dir.resolve("state.json"));

		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.checkpoint(lease, partial("Hel"));
		lease = this.store.checkpoint(lease, null);

		assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(state);
		assertThat(Files.readString(dir.resolve("lease.json"))).contains(lease.token(), "Hel");
		this.store.release(lease);
		assertThat(dir.resolve("lease.json")).doesNotExist();
		assertThat(Files.readAllBytes(dir.resolve("state.json"))).isEqualTo(state);
	}

	@Test
	void aLeaseFileLeftFromAnEarlierVersionNeverBringsBackAFinishedTurn() throws IOException {
		String id = this.store.create(NewConversation.create()).id();
		Path dir = onlyConversationFolder(id);
		ConversationLease lease = this.store.acquire(id, LEASE, 0, 0, List.of(Message.user("Tell me a story")));
		lease = this.store.checkpoint(lease, partial("Once upon"));
		byte[] leaseFile = Files.readAllBytes(dir.resolve("lease.json"));
		this.store.complete(lease, 1, List.of(Message.assistant("Once upon a time.")));

		// a crash between the commit and the lease file's removal leaves the old file
		Files.write(dir.resolve("lease.json"), leaseFile);
		this.clock.advance(LEASE.plusSeconds(1));

		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Tell me a story"),
				Message.assistant("Once upon a time."));
		assertThat(this.store.acquire(id, LEASE).version()).isEqualTo(2);
	}

	@Test
	void aDamagedLeaseFileCountsAsNoLease() throws IOException {
		String id = this.store.create(NewConversation.create().withMessages(List.of(Message.user("Hi")))).id();
		ConversationLease lease = this.store.acquire(id, LEASE);
		this.store.checkpoint(lease, partial("Hel"));

		// only a power failure can leave it so: no turn survives that
		Files.writeString(onlyConversationFolder(id).resolve("lease.json"), "{\"version\":1,\"tok");

		assertThat(this.store.acquire(id, LEASE).token()).isNotEqualTo(lease.token());
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
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
