package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.chatconversation.ConversationEvent;
import dev.chatconversation.ConversationTurn;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChoice;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

/**
 * Turns one turn of a conversation into the server-sent events of a reply: {@code delta}s
 * and {@code tool} events, then {@code done} or {@code error}, with heartbeat comments
 * while the model is silent.
 */
@Component
class ReplyStreams {

	private static final Log logger = LogFactory.getLog(ReplyStreams.class);

	private final ChatSessions sessions;

	private final Duration heartbeat;

	ReplyStreams(ChatSessions sessions, ChatSseProperties properties) {
		this.sessions = sessions;
		this.heartbeat = properties.heartbeat();
	}

	/**
	 * Sends a user message and streams the reply. The chat's lease is already taken
	 * ({@link ChatSessions#startReply}), so a chat already replying failed there with a
	 * 409; the turn itself starts on subscription, with that lease. Cancelling (the
	 * client went away) or deleting the chat cancels the turn: the library then keeps any
	 * partial reply in the history, marked cancelled.
	 * @param session the chat
	 * @param content the user's message
	 * @return the events
	 */
	Flux<ServerSentEvent<Object>> reply(ChatSession session, String content) {
		return stream(session, () -> session.conversation().turn(content));
	}

	/**
	 * Answers the last user message again; the new reply replaces the last one only once
	 * it is complete, so a failed or cancelled regeneration keeps the previous reply.
	 * Started on subscription, as {@link #reply}.
	 * @param session the chat
	 * @return the events; an {@code error} event if the chat has no user message
	 */
	Flux<ServerSentEvent<Object>> regenerate(ChatSession session) {
		return stream(session, () -> session.conversation().regeneration());
	}

	/**
	 * Replaces the last user message (and everything after it) with a new one and streams
	 * its reply. The old turn is removed on subscription, before the new one is sent; if
	 * the new turn then fails before any reply, the chat ends before the edited message,
	 * as after any failed send. The removal is written under the chat's lease.
	 * @param session the chat
	 * @param content the new user message
	 * @return the events
	 */
	Flux<ServerSentEvent<Object>> edit(ChatSession session, String content) {
		return stream(session, () -> {
			session.conversation().removeLastTurn();
			return session.conversation().turn(content);
		});
	}

	private Flux<ServerSentEvent<Object>> stream(ChatSession session, Supplier<ConversationTurn> turn) {
		Flux<ServerSentEvent<Object>> events = Flux.defer(() -> {
			this.sessions.replying(session);
			return events(session, turn.get());
			// an edit writes its removal to the store: never on the event loop
		}).subscribeOn(Schedulers.boundedElastic()).doFinally((signal) -> {
			this.sessions.replied(session);
			// a turn that never started leaves the lease the request took
			Schedulers.boundedElastic().schedule(() -> session.lease().giveBack());
		});
		return Heartbeats.between(events, this.heartbeat);
	}

	private Flux<ServerSentEvent<Object>> events(ChatSession session, ConversationTurn turn) {
		AtomicReference<@Nullable ChatCompletion> completed = new AtomicReference<>();
		return turn.events()
			.takeUntilOther(session.deleted())
			.concatMap((event) -> toEvents(event, completed))
			.concatWith(Flux.defer(() -> ending(session, completed.get())))
			.onErrorResume((failure) -> Mono.just(failed(failure)));
	}

	private static Flux<ServerSentEvent<Object>> toEvents(ConversationEvent event,
			AtomicReference<@Nullable ChatCompletion> completed) {
		if (event instanceof ConversationEvent.TextDelta text) {
			return Flux.just(ReplyEvents.delta(text.text()));
		}
		if (event instanceof ConversationEvent.ToolCallRequested requested) {
			return Flux.just(ReplyEvents.toolCalled(requested.call()));
		}
		if (event instanceof ConversationEvent.ToolCallCompleted completion) {
			return Flux
				.just(ReplyEvents.toolReturned(completion.call(), completion.result().text(), completion.failed()));
		}
		if (event instanceof ConversationEvent.Completed completion) {
			// "done" waits for the end of the turn, which comes once the reply is written
			// and the lease released: a client acting as soon as it reads it is not
			// refused
			completed.set(completion.completion());
		}
		return Flux.empty();
	}

	private static Flux<ServerSentEvent<Object>> ending(ChatSession session, @Nullable ChatCompletion completed) {
		if (session.isDeleted()) {
			return Flux.just(ReplyEvents.error(ReplyFailureMessages.deleted()));
		}
		return (completed != null) ? completedEvents(completed) : Flux.empty();
	}

	private static Flux<ServerSentEvent<Object>> completedEvents(ChatCompletion completion) {
		@Nullable ChatCompletionChoice first = completion.choices().isEmpty() ? null : completion.choices().get(0);
		String refusal = (first != null) ? first.message().refusal() : null;
		String finishReason = (first != null) ? first.finishReason() : null;
		ServerSentEvent<Object> done = ReplyEvents.done(finishReason, completion.usage());
		// a refusal does not stream as text: it is shown once the reply is complete
		return (refusal != null && !refusal.isEmpty()) ? Flux.just(ReplyEvents.delta(refusal), done) : Flux.just(done);
	}

	private static ServerSentEvent<Object> failed(Throwable failure) {
		if (failure instanceof ChatCompletionsException known && known.turn() != null) {
			logger.warn("A reply failed: " + failure.getMessage());
		}
		else {
			logger.error("A reply failed", failure);
		}
		return ReplyEvents.error(ReplyFailureMessages.describe(failure));
	}

}
