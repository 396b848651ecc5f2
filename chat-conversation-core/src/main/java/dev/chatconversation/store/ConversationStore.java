package dev.chatconversation.store;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ConversationBusyException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * Where conversations are kept: each one is a message list (the JSON the API's
 * {@code messages} field takes, every field kept) with its {@link ConversationRecord
 * metadata}, and the {@link ConversationLease lease} of the turn running on it.
 *
 * <p>
 * Every write names the version it expects and fails with
 * {@link ConversationConflictException} if the conversation changed in between, so two
 * instances never overwrite each other's messages. Writes replace the messages from an
 * index on ({@code keep}) with new ones: a turn writes only what it adds, never the whole
 * history. Each method is atomic: on any failure the stored conversation is as it was.
 *
 * <p>
 * A turn holds a lease: while it is live, writes without it and other leases are refused
 * with {@link ConversationBusyException}. The turn checkpoints its partial reply under
 * the lease (which renews it); if the instance running the turn dies, the lease expires
 * and whoever acquires it next finds the checkpoint appended to the messages, already
 * marked {@code incomplete} with the reason {@code interrupted}.
 *
 * <p>
 * Methods block: the conversation calls them on a thread that may block (Reactor's
 * bounded elastic scheduler), never on an event loop. Implementations are thread safe.
 */
public interface ConversationStore {

	/**
	 * Creates a conversation, with its first messages if any (instructions, for
	 * instance).
	 * @param conversation what to create
	 * @return the new conversation's record, at version 1 if it has messages, 0 otherwise
	 * @throws ConversationConflictException if a conversation with the requested id
	 * exists
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationRecord create(NewConversation conversation);

	/**
	 * Loads a conversation, its messages included.
	 * @param id the conversation's id
	 * @return the conversation
	 * @throws ConversationNotFoundException if there is no such conversation
	 * @throws ConversationStoreException if the store cannot be read or holds a message
	 * that is not valid (the message names the conversation and the message index)
	 */
	StoredConversation load(String id);

	/**
	 * Lists conversations, the most recently updated first.
	 * @param query the owner to filter by and the page to read
	 * @return one page of records, without messages
	 * @throws ConversationStoreException if the store cannot be read
	 */
	ConversationPage list(ConversationQuery query);

	/**
	 * Deletes a conversation, its messages, lease and checkpoint.
	 * @param id the conversation's id
	 * @return whether there was such a conversation
	 * @throws ConversationStoreException if the store cannot be written
	 */
	boolean delete(String id);

	/**
	 * Changes the messages outside a turn: keeps the first {@code keep} messages and
	 * appends the given ones.
	 * @param id the conversation's id
	 * @param expectedVersion the version the change was made on
	 * @param keep how many of the stored messages stay
	 * @param messages the messages to append after them
	 * @return the record after the change, its version one higher
	 * @throws ConversationNotFoundException if there is no such conversation
	 * @throws ConversationConflictException if the stored version is not the expected one
	 * @throws ConversationBusyException if a turn holds a live lease on the conversation
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationRecord append(String id, long expectedVersion, int keep, List<? extends Message> messages);

	/**
	 * Acquires the conversation's lease for a turn. If an expired lease left a
	 * checkpoint, the checkpoint is first appended to the messages (it is already marked
	 * as interrupted), which raises the version.
	 * @param id the conversation's id
	 * @param duration how long the lease lasts unless renewed
	 * @return the lease, with the conversation's version and message count
	 * @throws ConversationNotFoundException if there is no such conversation
	 * @throws ConversationBusyException if another live lease is held
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationLease acquire(String id, Duration duration);

	/**
	 * Starts a turn in one step: acquires the conversation's lease, as
	 * {@link #acquire(String, Duration)} does, and changes the messages under it, as
	 * {@link #append(ConversationLease, int, List)} does, if the conversation is at the
	 * expected version. A turn that knows the stored version writes its user's message
	 * this way: one store call instead of two.
	 * <p>
	 * The default implementation makes the two calls (and releases the lease if the
	 * second fails); stores override it to make one.
	 * @param id the conversation's id
	 * @param duration how long the lease lasts unless renewed
	 * @param expectedVersion the version the turn's messages were made on
	 * @param keep how many of the stored messages stay
	 * @param messages the messages to append after them
	 * @return the lease, with the new version and message count
	 * @throws ConversationNotFoundException if there is no such conversation
	 * @throws ConversationBusyException if another live lease is held
	 * @throws ConversationConflictException if the stored version is not the expected one
	 * (for instance because an expired lease's checkpoint has just joined the messages);
	 * no lease is then held and the messages are unchanged, apart from that checkpoint
	 * @throws ConversationStoreException if the store cannot be written
	 */
	default ConversationLease acquire(String id, Duration duration, long expectedVersion, int keep,
			List<? extends Message> messages) {
		ConversationLease lease = acquire(id, duration);
		try {
			StoredMessages.checkVersion(id, expectedVersion, lease.version());
			return append(lease, keep, messages);
		}
		catch (RuntimeException ex) {
			try {
				release(lease);
			}
			catch (RuntimeException releaseFailure) {
				ex.addSuppressed(releaseFailure);
			}
			throw ex;
		}
	}

	/**
	 * Changes the messages under a lease (the user's message at the start of a turn, the
	 * rounds of a tool call) and renews the lease; any checkpoint is dropped, as it
	 * belonged to a reply these messages supersede.
	 * @param lease the lease, as the last call on it returned
	 * @param keep how many of the stored messages stay
	 * @param messages the messages to append after them
	 * @return the renewed lease, with the new version and message count
	 * @throws ConversationLeaseLostException if the lease is no longer held
	 * @throws ConversationConflictException if the stored version is not the lease's
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationLease append(ConversationLease lease, int keep, List<? extends Message> messages);

	/**
	 * Saves the partial reply of the running turn and renews the lease.
	 * @param lease the lease, as the last call on it returned
	 * @param partial the reply so far, marked {@code incomplete} with the reason
	 * {@code interrupted}, or {@code null} to renew the lease and keep the checkpoint
	 * @return the renewed lease
	 * @throws ConversationLeaseLostException if the lease is no longer held
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationLease checkpoint(ConversationLease lease, @Nullable AssistantMessage partial);

	/**
	 * Ends a turn: changes the messages as {@link #append(ConversationLease, int, List)}
	 * does, drops the checkpoint and releases the lease, in one atomic step.
	 * @param lease the lease, as the last call on it returned
	 * @param keep how many of the stored messages stay
	 * @param messages the messages to append after them
	 * @return the record after the change
	 * @throws ConversationLeaseLostException if the lease is no longer held
	 * @throws ConversationConflictException if the stored version is not the lease's
	 * @throws ConversationStoreException if the store cannot be written
	 */
	ConversationRecord complete(ConversationLease lease, int keep, List<? extends Message> messages);

	/**
	 * Releases a lease without changing the messages, dropping its checkpoint; a lease
	 * that is no longer held is ignored.
	 * @param lease the lease
	 * @throws ConversationStoreException if the store cannot be written
	 */
	void release(ConversationLease lease);

}
