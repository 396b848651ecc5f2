package dev.chatconversation.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link ConversationStore} passes: extend it with a store made on the
 * given clock. Stores that can be corrupted from outside (a file, a table row, a Redis
 * key) also implement {@link #corruptMessage}.
 */
public abstract class ConversationStoreContract {

	/** A history with every kind of field a saved history can hold. */
	public static final String RICH_HISTORY = """
			[
			  {"role": "system", "content": "Be brief.", "x_custom": {"n": 0.1000000000000000055511, "big": 1e400}},
			  {"role": "user", "content": [{"type": "text", "text": "What is this? é 🌍"}, {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}]},
			  {"role": "assistant", "content": null, "reasoning_content": "Think first.", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "look", "arguments": "{\\"q\\": 1}"}}]},
			  {"role": "tool", "tool_call_id": "call_1", "content": "a cat"},
			  {"role": "assistant", "content": "A cat.", "finish_reason": "length", "incomplete": {"reason": "cancelled", "detail": "The subscriber cancelled the turn"}},
			  {"role": "user", "content": "And now?", "name": "alice"}
			]""";

	protected static final Duration LEASE = Duration.ofSeconds(30);

	protected MutableClock clock;

	protected ConversationStore store;

	/**
	 * A new, empty store on the given clock.
	 * @param clock the clock the store must use for times and lease expiry
	 * @return the store
	 */
	protected abstract ConversationStore newStore(MutableClock clock);

	/**
	 * Replaces a stored message with raw text, as a damaged store would hold it.
	 * @return whether the store supports it (tests that need it are skipped otherwise)
	 */
	protected boolean corruptMessage(String id, int index, String raw) {
		return false;
	}

	@BeforeEach
	void newStoreOnAFreshClock() {
		this.clock = MutableClock.atNow();
		this.store = newStore(this.clock);
	}

	private static List<Message> rich() {
		return MessageJson.readList(RICH_HISTORY, "rich history");
	}

	private String created(List<Message> messages) {
		return this.store.create(NewConversation.create().withMessages(messages)).id();
	}

	@Test
	void aCreatedConversationLoadsWithItsMessagesWrittenBackByteForByte() {
		String saved = MessageJson.writeList(rich(), true);
		ConversationRecord record = this.store
			.create(NewConversation.create().withOwner("alice").withModel("gpt-4o").withMessages(rich()));

		StoredConversation loaded = this.store.load(record.id());

		assertThat(MessageJson.writeList(loaded.messages(), true)).isEqualTo(saved);
		assertThat(loaded.messages()).isEqualTo(rich());
		assertThat(loaded.record()).isEqualTo(record);
		assertThat(record.version()).isEqualTo(1);
		assertThat(record.messageCount()).isEqualTo(6);
		assertThat(record.owner()).isEqualTo("alice");
		assertThat(record.model()).isEqualTo("gpt-4o");
		assertThat(record.title()).isEqualTo("What is this? é 🌍");
		assertThat(record.createdAt()).isEqualTo(record.updatedAt()).isEqualTo(StoredMessages.now(this.clock));
	}

	@Test
	void anEmptyConversationStartsAtVersionZeroWithTheGivenIdAndTitle() {
		ConversationRecord record = this.store.create(NewConversation.create().withId("chat-1").withTitle("Plans"));

		assertThat(record.id()).isEqualTo("chat-1");
		assertThat(record.version()).isZero();
		assertThat(record.messageCount()).isZero();
		assertThat(this.store.load("chat-1").messages()).isEmpty();
		this.store.append("chat-1", 0, 0, List.of(Message.user("Hello there")));
		assertThat(this.store.load("chat-1").record().title()).isEqualTo("Plans");
	}

	@Test
	void creatingAnIdThatExistsIsAConflictAndLeavesTheFirstOneAlone() {
		this.store.create(NewConversation.create().withId("dup").withMessages(List.of(Message.user("first"))));

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.create(NewConversation.create().withId("dup")))
			.withMessageContaining("dup");
		assertThat(this.store.load("dup").messages()).containsExactly(Message.user("first"));
	}

	@Test
	void anUnknownIdIsNotFoundEverywhereAndTheMessageNamesIt() {
		assertThatExceptionOfType(ConversationNotFoundException.class).isThrownBy(() -> this.store.load("nope"))
			.withMessageContaining("'nope'")
			.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo("nope"));
		assertThatExceptionOfType(ConversationNotFoundException.class)
			.isThrownBy(() -> this.store.append("nope", 0, 0, List.of(Message.user("x"))));
		assertThatExceptionOfType(ConversationNotFoundException.class)
			.isThrownBy(() -> this.store.acquire("nope", LEASE));
		assertThat(this.store.delete("nope")).isFalse();
	}

	@Test
	void appendingKeepsThePrefixAddsTheMessagesAndRaisesTheVersion() {
		String id = created(List.of(Message.user("Hi"), Message.assistant("Hello")));
		this.clock.advance(Duration.ofSeconds(5));

		ConversationRecord after = this.store.append(id, 1, 1, List.of(Message.assistant("Hey"), Message.user("Bye")));

		assertThat(after.version()).isEqualTo(2);
		assertThat(after.messageCount()).isEqualTo(3);
		assertThat(after.updatedAt()).isAfter(after.createdAt());
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"), Message.assistant("Hey"),
				Message.user("Bye"));
	}

	@Test
	void aWriteOnAStaleVersionIsAConflictAndChangesNothing() {
		String id = created(List.of(Message.user("Hi")));
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.append(id, 1, 1, List.of(Message.assistant("Other"))))
			.withMessageContaining(id)
			.withMessageContaining("expected version 1, found 2");
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
	}

	@Test
	void keepingMoreMessagesThanThereAreIsRefusedAndChangesNothing() {
		String id = created(List.of(Message.user("Hi")));

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.store.append(id, 1, 2, List.of(Message.assistant("x"))))
			.withMessageContaining(id);
		assertThat(this.store.load(id).record().version()).isEqualTo(1);
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void listingShowsTheNewestFirstFiltersByOwnerAndPagesWithoutGapsOrRepeats() {
		List<String> alices = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			this.clock.advance(Duration.ofMillis((i % 2 == 0) ? 0 : 10));
			alices.add(0, this.store.create(NewConversation.create().withOwner("alice")).id());
			this.store.create(NewConversation.create().withOwner("bob"));
		}
		this.clock.advance(Duration.ofSeconds(1));
		String oldest = alices.remove(alices.size() - 1);
		this.store.append(oldest, 0, 0, List.of(Message.user("bump")));
		alices.add(0, oldest);

		List<String> seen = new ArrayList<>();
		ConversationQuery query = ConversationQuery.owner("alice").withLimit(3);
		int pages = 0;
		while (query != null) {
			ConversationPage page = this.store.list(query);
			assertThat(page.conversations()).hasSizeLessThanOrEqualTo(3)
				.allSatisfy((record) -> assertThat(record.owner()).isEqualTo("alice"));
			page.conversations().forEach((record) -> seen.add(record.id()));
			query = query.next(page);
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(7);
		assertThat(seen.get(0)).isEqualTo(oldest);
		List<ConversationRecord> all = this.store.list(ConversationQuery.all().withLimit(1000)).conversations();
		assertThat(all).hasSize(14);
		assertThat(all).isSortedAccordingTo((a, b) -> {
			int byTime = b.updatedAt().compareTo(a.updatedAt());
			return (byTime != 0) ? byTime : b.id().compareTo(a.id());
		});
		assertThat(seen)
			.isEqualTo(all.stream().filter((r) -> "alice".equals(r.owner())).map(ConversationRecord::id).toList());
	}

	@Test
	void deletingRemovesTheConversationAndItsLease() {
		String id = created(List.of(Message.user("Hi")));
		this.store.acquire(id, LEASE);

		assertThat(this.store.delete(id)).isTrue();

		assertThat(this.store.delete(id)).isFalse();
		assertThatExceptionOfType(ConversationNotFoundException.class).isThrownBy(() -> this.store.load(id));
		assertThat(this.store.list(ConversationQuery.all()).conversations()).isEmpty();
	}

	@Test
	void aLiveLeaseRefusesOtherLeasesAndWritesWithoutIt() {
		String id = created(List.of(Message.user("Hi")));
		ConversationLease lease = this.store.acquire(id, LEASE);

		assertThat(lease.version()).isEqualTo(1);
		assertThat(lease.messageCount()).isEqualTo(1);
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(id, LEASE))
			.withMessageContaining(id);
		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> this.store.append(id, 1, 1, List.of(Message.assistant("x"))));

		this.store.release(lease);
		assertThat(this.store.acquire(id, LEASE).token()).isNotEqualTo(lease.token());
	}

	@Test
	void aTurnWritesUnderItsLeaseAndCompletingReleasesIt() {
		String id = created(List.of(Message.system("Be brief.")));
		ConversationLease lease = this.store.acquire(id, LEASE);

		lease = this.store.append(lease, 1, List.of(Message.user("Hi")));
		assertThat(lease.version()).isEqualTo(2);
		assertThat(lease.messageCount()).isEqualTo(2);
		lease = this.store.checkpoint(lease, partial("Hel"));
		ConversationRecord done = this.store.complete(lease, 2, List.of(Message.assistant("Hello")));

		assertThat(done.version()).isEqualTo(3);
		assertThat(this.store.load(id).messages()).containsExactly(Message.system("Be brief."), Message.user("Hi"),
				Message.assistant("Hello"));
		ConversationLease next = this.store.acquire(id, LEASE);
		assertThat(next.version()).isEqualTo(3);
		this.clock.advance(LEASE.multipliedBy(2));
		assertThat(this.store.load(id).messages()).hasSize(3);
	}

	@Test
	void startingATurnInOneStepAppendsItsMessagesUnderANewLease() {
		String id = created(List.of(Message.system("Be brief.")));

		ConversationLease lease = this.store.acquire(id, LEASE, 1, 1, List.of(Message.user("Hi")));

		assertThat(lease.version()).isEqualTo(2);
		assertThat(lease.messageCount()).isEqualTo(2);
		assertThat(this.store.load(id).messages()).containsExactly(Message.system("Be brief."), Message.user("Hi"));
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(id, LEASE));
		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 2, 2, List.of(Message.user("Again"))));
		lease = this.store.checkpoint(lease, partial("Hel"));
		ConversationRecord done = this.store.complete(lease, 2, List.of(Message.assistant("Hello")));
		assertThat(done.version()).isEqualTo(3);
		assertThat(this.store.load(id).messages()).containsExactly(Message.system("Be brief."), Message.user("Hi"),
				Message.assistant("Hello"));
	}

	@Test
	void startingATurnInOneStepOnAStaleVersionIsAConflictThatHoldsNoLeaseAndChangesNothing() {
		String id = created(List.of(Message.user("Hi")));
		this.store.append(id, 1, 1, List.of(Message.assistant("Hello")));

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 1, 1, List.of(Message.user("Again"))))
			.withMessageContaining(id);

		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
		assertThat(this.store.load(id).record().version()).isEqualTo(2);
		ConversationLease lease = this.store.acquire(id, LEASE, 2, 2, List.of(Message.user("Again")));
		assertThat(lease.version()).isEqualTo(3);
	}

	@Test
	void startingATurnInOneStepWithABadKeepIsRefusedAndHoldsNoLease() {
		String id = created(List.of(Message.user("Hi")));

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, 1, 5, List.of(Message.user("Again"))));

		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
		assertThat(this.store.acquire(id, LEASE).version()).isEqualTo(1);
	}

	@Test
	void startingATurnInOneStepAfterADeadTurnFindsItsCheckpointAndAsksForAReload() {
		String id = created(List.of());
		ConversationLease dead = this.store.acquire(id, LEASE, 0, 0, List.of(Message.user("Tell me a story")));
		this.store.checkpoint(dead, partial("Once upon"));
		this.clock.advance(LEASE.plusMillis(1));

		assertThatExceptionOfType(ConversationConflictException.class)
			.isThrownBy(() -> this.store.acquire(id, LEASE, dead.version(), 1, List.of(Message.user("Go on"))));

		StoredConversation stored = this.store.load(id);
		assertThat(stored.messages()).containsExactly(Message.user("Tell me a story"), partial("Once upon"));
		ConversationLease next = this.store.acquire(id, LEASE, stored.record().version(), 2,
				List.of(Message.user("Go on")));
		assertThat(next.messageCount()).isEqualTo(3);
		assertThatExceptionOfType(ConversationNotFoundException.class)
			.isThrownBy(() -> this.store.acquire("no-such-chat", LEASE, 0, 0, List.of(Message.user("Hi"))))
			.withMessageContaining("no-such-chat");
	}

	@Test
	void startingATurnInOneStepOnTheVersionADeadTurnsCheckpointMakesAppendsAfterIt() {
		String id = created(List.of());
		ConversationLease dead = this.store.acquire(id, LEASE, 0, 0, List.of(Message.user("Tell me a story")));
		this.store.checkpoint(dead, partial("Once upon"));
		this.clock.advance(LEASE.plusMillis(1));

		ConversationLease next = this.store.acquire(id, LEASE, dead.version() + 1, 2, List.of(Message.user("Go on")));

		assertThat(next.version()).isEqualTo(dead.version() + 2);
		assertThat(next.messageCount()).isEqualTo(3);
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Tell me a story"),
				partial("Once upon"), Message.user("Go on"));
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(id, LEASE));
	}

	@Test
	void anExpiredLeaseLeavesItsCheckpointAsAnInterruptedReplyForTheNextTurn() {
		String id = created(List.of());
		ConversationLease dead = this.store.acquire(id, LEASE);
		dead = this.store.append(dead, 0, List.of(Message.user("Tell me a story")));
		this.store.checkpoint(dead, partial("Once upon"));
		dead = this.store.checkpoint(dead, partial("Once upon a time"));

		this.clock.advance(LEASE.plusMillis(1));
		ConversationLease next = this.store.acquire(id, LEASE);

		assertThat(next.version()).isEqualTo(dead.version() + 1);
		assertThat(next.messageCount()).isEqualTo(2);
		List<Message> messages = this.store.load(id).messages();
		assertThat(messages).containsExactly(Message.user("Tell me a story"), partial("Once upon a time"));
		assertThat(((AssistantMessage) messages.get(1)).incomplete().reason()).isEqualTo(Incomplete.INTERRUPTED);
		ConversationLease lost = dead;
		assertThatExceptionOfType(ConversationLeaseLostException.class)
			.isThrownBy(() -> this.store.complete(lost, 1, List.of(Message.assistant("late"))))
			.withMessageContaining(id);
		assertThatExceptionOfType(ConversationLeaseLostException.class)
			.isThrownBy(() -> this.store.checkpoint(lost, null));
		this.store.release(lost);
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(id, LEASE));
	}

	@Test
	void loadingAfterTheLeaseExpiredShowsTheInterruptedReplyOnce() {
		String id = created(List.of(Message.user("Hi")));
		ConversationLease dead = this.store.acquire(id, LEASE);
		this.store.checkpoint(dead, partial("Hel"));
		this.clock.advance(LEASE.plusSeconds(1));

		StoredConversation first = this.store.load(id);
		StoredConversation second = this.store.load(id);

		assertThat(first.messages()).containsExactly(Message.user("Hi"), partial("Hel"));
		assertThat(second).isEqualTo(first);
		assertThat(this.store.acquire(id, LEASE).version()).isEqualTo(first.record().version());
	}

	@Test
	void anExpiredLeaseWithoutCheckpointLeavesTheMessagesAsTheyWere() {
		String id = created(List.of(Message.user("Hi")));
		this.store.acquire(id, LEASE);
		this.clock.advance(LEASE.plusSeconds(1));

		ConversationLease next = this.store.acquire(id, LEASE);

		assertThat(next.version()).isEqualTo(1);
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void writingUnderTheLeaseDropsTheCheckpointItSupersedes() {
		String id = created(List.of(Message.user("Hi")));
		ConversationLease lease = this.store.acquire(id, LEASE);
		lease = this.store.checkpoint(lease, partial("Let me look"));
		lease = this.store.append(lease, 1, List.of(Message.assistant("Looked."), Message.user("ok")));
		this.clock.advance(LEASE.plusSeconds(1));

		this.store.acquire(id, LEASE);

		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"), Message.assistant("Looked."),
				Message.user("ok"));
	}

	@Test
	void aCheckpointRenewsTheLeaseAndAReleasedLeaseLeavesNoCheckpoint() {
		String id = created(List.of(Message.user("Hi")));
		ConversationLease lease = this.store.acquire(id, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(8));
		ConversationLease renewed = this.store.checkpoint(lease, null);
		this.clock.advance(Duration.ofSeconds(8));

		assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> this.store.acquire(id, LEASE));
		renewed = this.store.checkpoint(renewed, partial("Hel"));
		this.store.release(renewed);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.store.load(id).messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void concurrentWritersNeverLoseOrDuplicateAMessage() throws Exception {
		String id = created(List.of());
		int writers = 6;
		int each = 25;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<Future<Integer>> conflicts = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				Callable<Integer> task = () -> {
					int conflicted = 0;
					for (int i = 0; i < each;) {
						StoredConversation current = this.store.load(id);
						try {
							this.store.append(id, current.record().version(), current.messages().size(),
									List.of(Message.user(writer + "-" + i)));
							i++;
						}
						catch (ConversationConflictException ex) {
							conflicted++;
						}
					}
					return conflicted;
				};
				conflicts.add(pool.submit(task));
			}
			for (Future<Integer> conflict : conflicts) {
				conflict.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		StoredConversation stored = this.store.load(id);
		assertThat(stored.messages()).hasSize(writers * each);
		Set<Message> distinct = new HashSet<>(stored.messages());
		assertThat(distinct).hasSize(writers * each);
		assertThat(stored.record().version()).isEqualTo(writers * each);
	}

	@Test
	void aCorruptStoredMessageFailsTheLoadNamingTheConversationAndTheIndex() {
		String id = created(List.of(Message.user("Hi"), Message.assistant("Hello")));
		assumeTrue(corruptMessage(id, 1, "{\"role\": \"assistant\", \"content\": 42"),
				"this store cannot be corrupted from outside");

		assertThatExceptionOfType(ConversationStoreException.class).isThrownBy(() -> this.store.load(id))
			.withMessageContaining(id)
			.withMessageContaining("index 1")
			.satisfies((ex) -> assertThat(ex.conversationId()).isEqualTo(id));
	}

	protected static AssistantMessage partial(String text) {
		return Message.assistant(text)
			.mutate()
			.incomplete(new Incomplete(Incomplete.INTERRUPTED, "The instance running the turn stopped"))
			.build();
	}

}
