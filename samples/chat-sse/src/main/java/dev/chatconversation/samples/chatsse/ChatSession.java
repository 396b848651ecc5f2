package dev.chatconversation.samples.chatsse;

import dev.chatconversation.ChatCompletionsConversation;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One chat as a request uses it: its conversation opened from the store, the connection
 * it talks to, the lease the request took for its reply, and a signal raised when the
 * chat is deleted on this instance.
 */
final class ChatSession {

	private final String id;

	private final ChatCompletionsConversation conversation;

	private final String connection;

	private final RequestLease lease;

	private final Sinks.One<Boolean> deleted = Sinks.one();

	private volatile boolean wasDeleted;

	ChatSession(String id, ChatCompletionsConversation conversation, String connection, RequestLease lease) {
		this.id = id;
		this.conversation = conversation;
		this.connection = connection;
		this.lease = lease;
	}

	String id() {
		return this.id;
	}

	ChatCompletionsConversation conversation() {
		return this.conversation;
	}

	String connection() {
		return this.connection;
	}

	RequestLease lease() {
		return this.lease;
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

}
