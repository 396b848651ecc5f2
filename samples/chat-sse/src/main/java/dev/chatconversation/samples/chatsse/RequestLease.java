package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationConflictException;
import dev.chatconversation.store.ConversationLease;
import dev.chatconversation.store.ConversationPage;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.StoredConversation;
import org.jspecify.annotations.Nullable;

/**
 * The store as one request's conversation sees it: the request {@link #take takes} the
 * conversation's lease before its response starts, so that a reply already streaming on
 * any instance gets a real 409 status; the conversation's turn then receives that lease
 * instead of acquiring its own. Changes the request makes before the turn (the edit's
 * removal of the last message) are written under the lease too.
 */
final class RequestLease implements ConversationStore {

	private final ConversationStore store;

	private final AtomicReference<@Nullable ConversationLease> taken = new AtomicReference<>();

	RequestLease(ConversationStore store) {
		this.store = store;
	}

	/**
	 * Acquires the conversation's lease for this request's turn.
	 * @param id the conversation
	 * @param duration the lease duration
	 * @return the lease's version of the conversation
	 * @throws ConversationBusyException if a turn holds the lease
	 */
	long take(String id, Duration duration) {
		ConversationLease lease = this.store.acquire(id, duration);
		this.taken.set(lease);
		return lease.version();
	}

	/**
	 * Releases the lease if no turn received it (the request failed before its turn
	 * started).
	 */
	void giveBack() {
		ConversationLease lease = this.taken.getAndSet(null);
		if (lease != null) {
			this.store.release(lease);
		}
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		ConversationLease lease = this.taken.getAndSet(null);
		return (lease != null && lease.conversationId().equals(id)) ? lease : this.store.acquire(id, duration);
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		ConversationLease lease = this.taken.get();
		if (lease == null || !lease.conversationId().equals(id)) {
			return this.store.acquire(id, duration, expectedVersion, keep, messages);
		}
		if (lease.version() != expectedVersion) {
			// the lease stays taken for the turn's next try, which reloads the history
			throw ConversationConflictException.version(id, expectedVersion, lease.version());
		}
		this.taken.set(null);
		return this.store.append(lease, keep, messages);
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		ConversationLease lease = this.taken.get();
		if (lease == null || !lease.conversationId().equals(id)) {
			return this.store.append(id, expectedVersion, keep, messages);
		}
		ConversationLease renewed = this.store.append(lease, keep, messages);
		this.taken.set(renewed);
		// the conversation reads only the new version from this record
		Instant now = Instant.now();
		return new ConversationRecord(id, null, null, null, now, now, renewed.version(), renewed.messageCount());
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		return this.store.create(conversation);
	}

	@Override
	public StoredConversation load(String id) {
		return this.store.load(id);
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		return this.store.list(query);
	}

	@Override
	public boolean delete(String id) {
		return this.store.delete(id);
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		return this.store.append(lease, keep, messages);
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		return this.store.checkpoint(lease, partial);
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		return this.store.complete(lease, keep, messages);
	}

	@Override
	public void release(ConversationLease lease) {
		this.store.release(lease);
	}

}
