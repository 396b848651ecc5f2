package dev.chatconversation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationLease;
import dev.chatconversation.store.ConversationPage;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.ConversationStoreException;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.StoredConversation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;

/**
 * A store that passes every call to another and records it: which calls ran, on which
 * threads, the checkpoints written; it can fail a named call, as a store that is down
 * would.
 */
final class RecordingStore implements ConversationStore {

	private final ConversationStore delegate;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final List<String> threads = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

	private final Sinks.Many<AssistantMessage> checkpoints = Sinks.many().replay().all();

	private final Sinks.Many<String> ends = Sinks.many().replay().all();

	RecordingStore(ConversationStore delegate) {
		this.delegate = delegate;
	}

	/** Makes the next {@code times} calls of a method fail. */
	RecordingStore failNext(String method, int times) {
		this.failures.put(method, new AtomicInteger(times));
		return this;
	}

	List<String> calls() {
		return List.copyOf(this.calls);
	}

	List<String> threads() {
		return List.copyOf(this.threads);
	}

	/** The partial replies checkpointed, as they are written. */
	reactor.core.publisher.Flux<AssistantMessage> checkpoints() {
		return this.checkpoints.asFlux();
	}

	/** "complete" or "release", as each turn's final write ends. */
	reactor.core.publisher.Flux<String> ends() {
		return this.ends.asFlux();
	}

	private void record(String method, @Nullable String id) {
		this.calls.add(method);
		this.threads.add(Thread.currentThread().getName());
		AtomicInteger failing = this.failures.get(method);
		if (failing != null && failing.getAndDecrement() > 0) {
			throw new ConversationStoreException(id, "Store down: " + method + " of conversation '" + id + "' failed",
					null);
		}
	}

	@Override
	public ConversationRecord create(NewConversation conversation) {
		record("create", conversation.id());
		return this.delegate.create(conversation);
	}

	@Override
	public StoredConversation load(String id) {
		record("load", id);
		return this.delegate.load(id);
	}

	@Override
	public ConversationPage list(ConversationQuery query) {
		record("list", null);
		return this.delegate.list(query);
	}

	@Override
	public boolean delete(String id) {
		record("delete", id);
		return this.delegate.delete(id);
	}

	@Override
	public ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages) {
		record("edit", id);
		return this.delegate.append(id, expectedVersion, keep, messages);
	}

	@Override
	public ConversationLease acquire(String id, Duration duration) {
		record("acquire", id);
		return this.delegate.acquire(id, duration);
	}

	@Override
	public ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		record("start", id);
		return this.delegate.acquire(id, duration, expectedVersion, keep, messages);
	}

	@Override
	public ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages) {
		record("append", lease.conversationId());
		return this.delegate.append(lease, keep, messages);
	}

	@Override
	public ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial) {
		record("checkpoint", lease.conversationId());
		ConversationLease renewed = this.delegate.checkpoint(lease, partial);
		if (partial != null) {
			this.checkpoints.emitNext(partial, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		}
		return renewed;
	}

	@Override
	public ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages) {
		try {
			record("complete", lease.conversationId());
			return this.delegate.complete(lease, keep, messages);
		}
		finally {
			this.ends.emitNext("complete", Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		}
	}

	@Override
	public void release(ConversationLease lease) {
		try {
			record("release", lease.conversationId());
			this.delegate.release(lease);
		}
		finally {
			this.ends.emitNext("release", Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		}
	}

}
