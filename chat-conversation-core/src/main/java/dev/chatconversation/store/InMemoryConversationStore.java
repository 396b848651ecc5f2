package dev.chatconversation.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * A conversation store in this process's memory: the library's default, lost when the
 * process ends. Messages are kept as their JSON text, as the other stores keep them, so
 * what comes back is exactly what any store would return.
 */
public final class InMemoryConversationStore implements ConversationStore {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	/** Creates an empty store on the system clock. */
	public InMemoryConversationStore() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates an empty store.
	 * @param clock the clock of times and lease expiry
	 */
	public InMemoryConversationStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		String id = (conversation.id() != null) ? conversation.id() : StoredMessages.newId();
		Instant now = StoredMessages.now(this.clock);
		Entry entry = new Entry(id, conversation, now);
		if (this.entries.putIfAbsent(id, entry) != null) {
			throw new ConversationConflictException(id, "Conversation '" + id + "' already exists in the store");
		}
		synchronized (entry) {
			return entry.record();
		}
	}

	@Override
	public StoredConversation load(String id) {
		Entry entry = entry(id);
		synchronized (entry) {
			entry.recover(StoredMessages.now(this.clock));
			return new StoredConversation(entry.record(), StoredMessages.fromJson(id, entry.messages));
		}
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		PageCursor after = (query.after() != null) ? PageCursor.parse(query.after()) : null;
		List<ConversationRecord> matching = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			ConversationRecord record;
			synchronized (entry) {
				record = entry.record();
			}
			if (StoredMessages.matches(record, query, after)) {
				matching.add(record);
			}
		}
		return StoredMessages.page(matching, query);
	}

	@Override
	public boolean delete(String id) {
		return this.entries.remove(id) != null;
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		Entry entry = entry(id);
		synchronized (entry) {
			Instant now = StoredMessages.now(this.clock);
			entry.requireNoLiveLease(now);
			entry.checkVersion(expectedVersion);
			entry.write(keep, messages, now);
			return entry.record();
		}
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		Entry entry = entry(id);
		synchronized (entry) {
			Instant now = StoredMessages.now(this.clock);
			entry.requireNoLiveLease(now);
			return entry.takeLease(now, duration);
		}
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		Entry entry = entry(id);
		synchronized (entry) {
			Instant now = StoredMessages.now(this.clock);
			entry.requireNoLiveLease(now);
			entry.checkVersion(expectedVersion);
			entry.write(keep, messages, now);
			return entry.takeLease(now, duration);
		}
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		Entry entry = held(lease);
		synchronized (entry) {
			entry.checkHeld(lease);
			entry.checkVersion(lease.version());
			Instant now = StoredMessages.now(this.clock);
			entry.write(keep, messages, now);
			entry.leaseExpiry = now.plus(lease.duration());
			return entry.lease(lease.duration());
		}
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		Entry entry = held(lease);
		synchronized (entry) {
			entry.checkHeld(lease);
			if (partial != null) {
				entry.checkpoint = StoredMessages.toJson(partial);
			}
			entry.leaseExpiry = StoredMessages.now(this.clock).plus(lease.duration());
			return entry.lease(lease.duration());
		}
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		Entry entry = held(lease);
		synchronized (entry) {
			entry.checkHeld(lease);
			entry.checkVersion(lease.version());
			entry.write(keep, messages, StoredMessages.now(this.clock));
			entry.leaseToken = null;
			return entry.record();
		}
	}

	@Override
	public void release(ConversationLease lease) {
		Entry entry = this.entries.get(lease.conversationId());
		if (entry == null) {
			return;
		}
		synchronized (entry) {
			if (lease.token().equals(entry.leaseToken)) {
				entry.leaseToken = null;
				entry.checkpoint = null;
			}
		}
	}

	private Entry entry(String id) {
		Entry entry = this.entries.get(id);
		if (entry == null) {
			throw new ConversationNotFoundException(id);
		}
		return entry;
	}

	private Entry held(ConversationLease lease) {
		Entry entry = this.entries.get(lease.conversationId());
		if (entry == null) {
			throw new ConversationLeaseLostException(lease.conversationId());
		}
		return entry;
	}

	@Override
	public String toString() {
		return "InMemoryConversationStore[" + this.entries.size() + " conversations]";
	}

	/** One conversation; every field is guarded by the entry's monitor. */
	private static final class Entry {

		private final String id;

		private final @Nullable String owner;

		private @Nullable String title;

		private final @Nullable String model;

		private final Instant createdAt;

		private Instant updatedAt;

		private long version;

		private final ArrayList<String> messages = new ArrayList<>();

		private @Nullable String leaseToken;

		private Instant leaseExpiry = Instant.EPOCH;

		private @Nullable String checkpoint;

		Entry(String id, NewConversation conversation, Instant now) {
			this.id = id;
			this.owner = conversation.owner();
			this.title = StoredMessages.title(conversation.title(), conversation.messages());
			this.model = conversation.model();
			this.createdAt = now;
			this.updatedAt = now;
			this.messages.addAll(StoredMessages.toJson(conversation.messages()));
			this.version = conversation.messages().isEmpty() ? 0 : 1;
		}

		ConversationRecord record() {
			return new ConversationRecord(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
					this.version, this.messages.size());
		}

		ConversationLease lease(Duration duration) {
			return new ConversationLease(this.id, this.leaseToken, this.version, this.messages.size(), this.leaseExpiry,
					duration);
		}

		/** Gives the conversation a new lease. */
		ConversationLease takeLease(Instant now, Duration duration) {
			this.leaseToken = StoredMessages.newToken();
			this.leaseExpiry = now.plus(duration);
			return lease(duration);
		}

		/** Ends an expired lease, then refuses if a live one remains. */
		void requireNoLiveLease(Instant now) {
			recover(now);
			if (this.leaseToken != null) {
				throw ConversationBusyException.leased(this.id, this.leaseExpiry);
			}
		}

		/** An expired lease ends here: its checkpoint joins the messages. */
		void recover(Instant now) {
			if (this.leaseToken == null || this.leaseExpiry.isAfter(now)) {
				return;
			}
			if (this.checkpoint != null) {
				this.messages.add(this.checkpoint);
				this.version++;
				this.updatedAt = now;
			}
			this.leaseToken = null;
			this.checkpoint = null;
		}

		void checkHeld(ConversationLease lease) {
			StoredMessages.checkHeld(lease, this.leaseToken);
		}

		void checkVersion(long expected) {
			StoredMessages.checkVersion(this.id, expected, this.version);
		}

		void write(int keep, List<? extends Message> added, Instant now) {
			StoredMessages.checkKeep(this.id, keep, this.messages.size());
			List<String> json = StoredMessages.toJson(added);
			this.messages.subList(keep, this.messages.size()).clear();
			this.messages.addAll(json);
			this.title = StoredMessages.title(this.title, added);
			this.checkpoint = null;
			this.version++;
			this.updatedAt = now;
		}

	}

}
