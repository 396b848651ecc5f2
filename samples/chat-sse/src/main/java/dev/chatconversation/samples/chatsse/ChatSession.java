package dev.chatconversation.samples.chatsse;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.ChatCompletionsConversation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One chat: its conversation, the connection it talks to, when it last changed, a guard
 * that lets one reply stream at a time, and a signal raised when the chat is deleted.
 */
final class ChatSession {

	private final ChatCompletionsConversation conversation;

	private final String connection;

	private volatile Instant updated;

	private final AtomicReference<@Nullable ReplyClaim> reply = new AtomicReference<>();

	private final Sinks.One<Boolean> deleted = Sinks.one();

	private volatile boolean wasDeleted;

	ChatSession(ChatCompletionsConversation conversation, String connection, Instant created) {
		this.conversation = conversation;
		this.connection = connection;
		this.updated = created;
	}

	ChatCompletionsConversation conversation() {
		return this.conversation;
	}

	String connection() {
		return this.connection;
	}

	/**
	 * When the chat was created or its history last changed through the API.
	 * @return the time
	 */
	Instant updated() {
		return this.updated;
	}

	void touch(Instant now) {
		this.updated = now;
	}

	/**
	 * Claims the chat for one reply. The claim is taken here, before the response starts,
	 * so that a second message gets a real 409 status rather than an event in a stream
	 * that already said 200.
	 * @return the claim, or {@code null} if a reply is still streaming
	 */
	@Nullable ReplyClaim claimReply() {
		ReplyClaim claim = new ReplyClaim();
		return this.reply.compareAndSet(null, claim) ? claim : null;
	}

	/**
	 * Emits once, when the chat is deleted; late subscribers see it too.
	 * @return the signal
	 */
	Mono<Boolean> deleted() {
		return this.deleted.asMono();
	}

	boolean isDeleted() {
		return this.wasDeleted;
	}

	void delete() {
		this.wasDeleted = true;
		this.deleted.tryEmitValue(true);
	}

	/**
	 * The right to stream one reply, released when the reply ends however it ends.
	 */
	final class ReplyClaim {

		/**
		 * Releases the claim; later calls do nothing, and never release a newer claim.
		 */
		void release() {
			ChatSession.this.reply.compareAndSet(this, null);
		}

	}

}
