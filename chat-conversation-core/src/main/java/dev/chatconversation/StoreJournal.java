package dev.chatconversation;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.store.ConversationConflictException;
import dev.chatconversation.store.ConversationLease;
import dev.chatconversation.store.ConversationNotFoundException;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.ConversationStoreException;
import dev.chatconversation.store.StoreSettings;
import dev.chatconversation.store.StoredConversation;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps a conversation's history in a {@link ConversationStore}: a turn starts by
 * acquiring the conversation's lease (so a turn on another instance fails at once) and
 * writing the user's message, in one store call when the history is the stored version;
 * while it streams, its partial reply is checkpointed every interval; when it ends, what
 * it added is written and the lease released in one step. Changes outside turns are
 * written before they are made.
 *
 * <p>
 * Store calls block, so they never run on the caller's event loop: a turn starts on
 * Reactor's bounded elastic scheduler, and the writes of a running turn are queued and
 * run there one after another, in order. A turn completes (or fails) only once its writes
 * are done; a failed write fails it with the store's exception and makes the next turn
 * reload the history from the store.
 */
final class StoreJournal implements HistoryJournal {

	private static final long UNKNOWN = -1;

	private final ConversationStore store;

	private final String id;

	private final StoreSettings settings;

	private final Executor writes;

	private final Scheduler timer;

	private final Object lock = new Object();

	// guarded by lock
	private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);

	// the fields below are used by one queued write at a time, or by begin once the queue
	// is empty
	private volatile long knownVersion;

	private volatile @Nullable ConversationLease lease;

	private volatile @Nullable Turn turn;

	private volatile @Nullable AssistantMessage lastCheckpoint;

	private volatile long lastRenewal;

	private volatile @Nullable Throwable failure;

	private volatile @Nullable Disposable checkpoints;

	private final AtomicBoolean checkpointQueued = new AtomicBoolean();

	StoreJournal(ConversationStore store, String id, StoreSettings settings, long version) {
		this.store = store;
		this.id = id;
		this.settings = settings;
		this.knownVersion = version;
		Scheduler blocking = Schedulers.boundedElastic();
		this.writes = (task) -> blocking.schedule(task);
		this.timer = Schedulers.parallel();
	}

	String id() {
		return this.id;
	}

	ConversationStore store() {
		return this.store;
	}

	/**
	 * Starts a turn in the store and on the history; blocks, so it runs on the bounded
	 * elastic scheduler.
	 * @throws ConversationBusyException if a turn holds the conversation's lease
	 * @throws ConversationStoreException if the store cannot be read or written
	 */
	Turn begin(TurnStart start, History history) {
		this.failure = null;
		if (start.kind() == Turn.Kind.SEND && this.knownVersion != UNKNOWN) {
			Turn started = beginInOneStep(start, history);
			if (started != null) {
				return started;
			}
		}
		ConversationLease acquired = this.store.acquire(this.id, this.settings.leaseDuration());
		Turn started;
		try {
			if (acquired.version() != this.knownVersion) {
				StoredConversation stored = this.store.load(this.id);
				history.reload(stored.messages());
				this.knownVersion = stored.record().version();
			}
			this.lease = acquired;
			this.lastRenewal = System.nanoTime();
			started = start.begin(history);
		}
		catch (RuntimeException ex) {
			this.lease = null;
			this.store.release(acquired);
			throw ex;
		}
		try {
			if (started.kind() == Turn.Kind.SEND) {
				ConversationLease written = this.store.append(acquired, acquired.messageCount(),
						List.of(started.requestMessages().get(acquired.messageCount())));
				this.lease = written;
				this.knownVersion = written.version();
			}
		}
		catch (RuntimeException ex) {
			// the turn restores the history, which queues the release of the lease
			this.failure = ex;
			this.knownVersion = UNKNOWN;
			started.fail(ex);
			throw ex;
		}
		return running(started);
	}

	/**
	 * Starts a turn that sends a message on the history as last read or written: the
	 * lease and the user's message in one store call.
	 * @return the turn, or {@code null} if the store holds another version (the history
	 * is then as it was, and the turn must start after a reload)
	 */
	private @Nullable Turn beginInOneStep(TurnStart start, History history) {
		Turn started = start.begin(history);
		List<Message> sent = started.requestMessages();
		int keep = sent.size() - 1;
		ConversationLease acquired;
		try {
			acquired = this.store.acquire(this.id, this.settings.leaseDuration(), this.knownVersion, keep,
					List.of(sent.get(keep)));
		}
		catch (RuntimeException ex) {
			boolean stale = ex instanceof ConversationConflictException;
			if (stale || !(ex instanceof ConversationBusyException || ex instanceof ConversationNotFoundException)) {
				// the write may or may not have been made
				this.knownVersion = UNKNOWN;
			}
			// no lease is held: ending the turn only takes the message back out of the
			// history; wait for that, as it clears the turn's fields
			started.fail(ex);
			awaitQueue();
			if (stale) {
				return null;
			}
			throw ex;
		}
		this.lease = acquired;
		this.knownVersion = acquired.version();
		this.lastRenewal = System.nanoTime();
		return running(started);
	}

	private Turn running(Turn started) {
		this.turn = started;
		this.lastCheckpoint = null;
		long every = this.settings.checkpointInterval().toMillis();
		this.checkpoints = this.timer.schedulePeriodically(this::queueCheckpoint, every, every, TimeUnit.MILLISECONDS);
		return started;
	}

	/**
	 * Completes once every queued write is done, whether it failed or not: a turn starts
	 * after the writes of the one before.
	 */
	Mono<Void> idle() {
		return Mono.defer(() -> {
			CompletableFuture<Void> pending;
			synchronized (this.lock) {
				pending = this.queue;
			}
			return Mono.fromFuture(pending, true);
		});
	}

	/**
	 * Completes once every queued write is done, or fails with the first write that
	 * failed.
	 */
	Mono<Void> settled() {
		return Mono.defer(() -> {
			CompletableFuture<Void> pending;
			synchronized (this.lock) {
				pending = this.queue;
			}
			return Mono.fromFuture(pending, true).then(Mono.defer(() -> {
				Throwable failed = this.failure;
				return (failed != null) ? Mono.error(failed) : Mono.empty();
			}));
		});
	}

	@Override
	public void edit(int keep, List<Message> appended) {
		awaitQueue();
		try {
			ConversationRecord record = this.store.append(this.id, this.knownVersion, keep, appended);
			this.knownVersion = record.version();
		}
		catch (RuntimeException ex) {
			this.knownVersion = UNKNOWN;
			throw ex;
		}
	}

	@Override
	public void turnContinued(int keep, List<Message> added) {
		enqueue(() -> {
			ConversationLease current = this.lease;
			if (current != null) {
				ConversationLease written = this.store.append(current, keep, added);
				this.lease = written;
				this.knownVersion = written.version();
				this.lastRenewal = System.nanoTime();
			}
		});
	}

	@Override
	public void turnEnded(int keep, List<Message> appended) {
		enqueueFinal(() -> {
			ConversationLease current = this.lease;
			if (current != null) {
				this.knownVersion = this.store.complete(current, keep, appended).version();
			}
		});
	}

	@Override
	public void turnAborted() {
		enqueueFinal(() -> {
			ConversationLease current = this.lease;
			if (current != null) {
				this.store.release(current);
			}
		});
	}

	private void checkpoint() {
		ConversationLease current = this.lease;
		Turn running = this.turn;
		if (current == null || running == null) {
			return;
		}
		AssistantMessage partial = running.checkpoint();
		boolean changed = partial != null && !partial.equals(this.lastCheckpoint);
		long sinceRenewal = System.nanoTime() - this.lastRenewal;
		if (changed || sinceRenewal > this.settings.leaseDuration().toNanos() / 3) {
			this.lease = this.store.checkpoint(current, changed ? partial : null);
			this.lastRenewal = System.nanoTime();
			if (changed) {
				this.lastCheckpoint = partial;
			}
		}
	}

	private void queueCheckpoint() {
		if (this.checkpointQueued.compareAndSet(false, true)) {
			enqueue(() -> {
				this.checkpointQueued.set(false);
				checkpoint();
			});
		}
	}

	private void stopCheckpoints() {
		Disposable task = this.checkpoints;
		if (task != null) {
			task.dispose();
		}
	}

	private void enqueue(Runnable write) {
		synchronized (this.lock) {
			this.queue = this.queue.thenRunAsync(() -> run(write), this.writes);
		}
	}

	/**
	 * Queues the write that ends a turn: it runs even after a failed write (then only to
	 * release the lease), so that the next turn does not wait for the lease to expire.
	 */
	private void enqueueFinal(Runnable write) {
		synchronized (this.lock) {
			this.queue = this.queue.thenRunAsync(() -> {
				try {
					// here rather than where the turn ends, which may be an event loop:
					// cancelling a periodic task may wait for its executor's queue lock;
					// a checkpoint queued meanwhile runs after this write, with no lease
					stopCheckpoints();
					if (this.failure == null) {
						run(write);
					}
					ConversationLease current = this.lease;
					if (this.failure != null && current != null) {
						this.store.release(current);
					}
				}
				catch (RuntimeException ex) {
					// the store is failing; the lease expires on its own
				}
				finally {
					this.lease = null;
					this.turn = null;
				}
			}, this.writes);
		}
	}

	private void run(Runnable write) {
		if (this.failure != null) {
			return;
		}
		try {
			write.run();
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			this.knownVersion = UNKNOWN;
			stopCheckpoints();
		}
	}

	private void awaitQueue() {
		CompletableFuture<Void> pending;
		synchronized (this.lock) {
			pending = this.queue;
		}
		pending.join();
	}

	/**
	 * Reads the conversation again from the store.
	 */
	void reload(History history) {
		awaitQueue();
		StoredConversation stored = this.store.load(this.id);
		history.reload(stored.messages());
		this.knownVersion = stored.record().version();
	}

	@Override
	public String toString() {
		return "StoreJournal[" + Objects.toString(this.id) + "]";
	}

}
