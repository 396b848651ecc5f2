package dev.chatconversation.store;

import java.time.Duration;
import java.time.Instant;

import dev.chatconversation.ConversationBusyException;
import org.jspecify.annotations.Nullable;

/**
 * One row of the conversations table: the record, the lease and the checkpoint. The
 * {@code withX} and {@link #written} copies are the state changes the store writes back
 * with one update, as {@link InMemoryConversationStore} makes them in memory.
 *
 * @param id the conversation's id
 * @param owner its owner, or {@code null}
 * @param title its title, or {@code null}
 * @param model its model, or {@code null}
 * @param createdAt when it was created
 * @param updatedAt when its messages last changed
 * @param version its version
 * @param messageCount how many message rows it has
 * @param leaseToken the token of the lease held on it, or {@code null}
 * @param leaseExpiresAt when that lease expires, or {@code null} without a lease
 * @param checkpoint the JSON of the lease's partial reply, or {@code null} (always when a
 * load read the row: only writes read it)
 */
record JdbcConversationRow(String id, @Nullable String owner, @Nullable String title, @Nullable String model,
		Instant createdAt, Instant updatedAt, long version, int messageCount, @Nullable String leaseToken,
		@Nullable Instant leaseExpiresAt, @Nullable String checkpoint) {

	static JdbcConversationRow created(String id, NewConversation conversation, Instant now) {
		return new JdbcConversationRow(id, conversation.owner(),
				StoredMessages.title(conversation.title(), conversation.messages()), conversation.model(), now, now,
				conversation.messages().isEmpty() ? 0 : 1, conversation.messages().size(), null, null, null);
	}

	ConversationRecord record() {
		return new ConversationRecord(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
				this.version, this.messageCount);
	}

	ConversationLease lease(Duration duration) {
		if (this.leaseToken == null || this.leaseExpiresAt == null) {
			throw new IllegalStateException("Conversation '" + this.id + "' holds no lease");
		}
		return new ConversationLease(this.id, this.leaseToken, this.version, this.messageCount, this.leaseExpiresAt,
				duration);
	}

	/**
	 * Whether a lease is held and has expired: its checkpoint is then to be recovered.
	 */
	boolean leaseExpired(Instant now) {
		return this.leaseToken != null && (this.leaseExpiresAt == null || !this.leaseExpiresAt.isAfter(now));
	}

	void checkNotLeased() {
		if (this.leaseToken != null) {
			throw ConversationBusyException.leased(this.id,
					(this.leaseExpiresAt != null) ? this.leaseExpiresAt : Instant.EPOCH);
		}
	}

	void checkHeld(ConversationLease lease) {
		StoredMessages.checkHeld(lease, this.leaseToken);
	}

	void checkVersion(long expected) {
		StoredMessages.checkVersion(this.id, expected, this.version);
	}

	JdbcConversationRow withLease(String token, Instant expiresAt) {
		return new JdbcConversationRow(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
				this.version, this.messageCount, token, expiresAt, this.checkpoint);
	}

	JdbcConversationRow withCheckpoint(@Nullable String checkpoint) {
		return new JdbcConversationRow(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
				this.version, this.messageCount, this.leaseToken, this.leaseExpiresAt, checkpoint);
	}

	/** The row without its lease and checkpoint. */
	JdbcConversationRow withoutLease() {
		return new JdbcConversationRow(this.id, this.owner, this.title, this.model, this.createdAt, this.updatedAt,
				this.version, this.messageCount, null, null, null);
	}

	/** The row after its messages changed: one version higher, the checkpoint dropped. */
	JdbcConversationRow written(int messageCount, @Nullable String title, Instant now) {
		return new JdbcConversationRow(this.id, this.owner, title, this.model, this.createdAt, now, this.version + 1,
				messageCount, this.leaseToken, this.leaseExpiresAt, null);
	}

}
