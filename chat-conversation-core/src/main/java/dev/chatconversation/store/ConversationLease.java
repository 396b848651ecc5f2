package dev.chatconversation.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The right of one turn to write a conversation, until it expires or is released. Each
 * write under the lease returns its next state, which the next write must use.
 *
 * @param conversationId the conversation's id
 * @param token the lease's secret-free random identity
 * @param version the conversation's version as of the last write
 * @param messageCount how many messages the conversation held after the last write
 * @param expiresAt when the lease expires unless renewed
 * @param duration how long each renewal extends it
 */
public record ConversationLease(String conversationId, String token, long version, int messageCount, Instant expiresAt,
		Duration duration) {

	public ConversationLease {
		Objects.requireNonNull(conversationId, "conversationId");
		Objects.requireNonNull(token, "token");
		Objects.requireNonNull(expiresAt, "expiresAt");
		Objects.requireNonNull(duration, "duration");
	}

}
