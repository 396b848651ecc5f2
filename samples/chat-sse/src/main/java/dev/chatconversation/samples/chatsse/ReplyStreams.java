package dev.chatconversation.samples.chatsse;

import java.time.Duration;
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

import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns one turn of a conversation into the server-sent events of a reply: {@code delta}s
 * and {@code tool} events, then {@code done} or {@code error}, with heartbeat comments
 * while the model is silent.
 */
@Component
class ReplyStreams {

	private static final Log logger = LogFactory.getLog(ReplyStreams.class);

	private final ConversationStore store;

	private final Duration heartbeat;

	ReplyStreams(ConversationStore store, ChatSseProperties properties) {
		this.store = store;
		this.heartbeat = properties.heartbeat();
	}

	/**
	 * Sends a user message and streams the reply. The chat is claimed at once, so a chat
	 * already replying fails here with a 409; the turn itself starts on subscription.
	 * Cancelling (the client went away) or deleting the chat cancels the turn: the
	 * library then keeps any partial reply in the history, marked cancelled.
	 * @param session the chat
	 * @param content the user's message
	 * @return the events
	 * @throws ResponseStatusException (409) if a reply is still streaming
	 */
	Flux<ServerSentEvent<Object>> reply(ChatSession session, String content) {
		return stream(session, () -> session.conversation().turn(content));
	}

	/**
	 * Answers the last user message again; the new reply replaces the last one only once
	 * it is complete, so a failed or cancelled regeneration keeps the previous reply.
	 * Claimed at once and started on subscription, as {@link #reply}.
	 * @param session the chat
	 * @return the events; an {@code error} event if the chat has no user message
	 * @throws ResponseStatusException (409) if a reply is still streaming
	 */
	Flux<ServerSentEvent<Object>> regenerate(ChatSession session) {
		return stream(session, () -> session.conversation().regeneration());
	}

	/**
	 * Replaces the last user message (and everything after it) with a new one and streams
	 * its reply. The old turn is removed on subscription, before the new one is sent; if
	 * the new turn then fails before any reply, the chat ends before the edited message,
	 * as after any failed send. Claimed at once, as {@link #reply}.
	 * @param session the chat
	 * @param content the new user message
	 * @return the events
	 * @throws ResponseStatusException (409) if a reply is still streaming
	 */
	Flux<ServerSentEvent<Object>> edit(ChatSession session, String content) {
		return stream(session, () -> {
			session.conversation().removeLastTurn();
			return session.conversation().turn(content);
		});
	}

	private Flux<ServerSentEvent<Object>> stream(ChatSession session, Supplier<ConversationTurn> turn) {
		ChatSession.ReplyClaim claim = session.claimReply();
		if (claim == null) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"A reply is still being written in this conversation: wait for it to finish, or stop it, "
							+ "then send your message again.");
		}
		Flux<ServerSentEvent<Object>> events = Flux.defer(() -> events(session, turn.get(), claim))
			.doFinally((signal) -> {
				claim.release();
				this.store.touch(session);
			});
		return Heartbeats.between(events, this.heartbeat);
	}

	private Flux<ServerSentEvent<Object>> events(ChatSession session, ConversationTurn turn,
			ChatSession.ReplyClaim claim) {
		return turn.events()
			.takeUntilOther(session.deleted())
			.concatMap((event) -> toEvents(event, session, claim))
			.concatWith(Mono.fromSupplier(() -> deletedOrNothing(session, claim)).flatMap(Mono::justOrEmpty))
			.onErrorResume((failure) -> Mono.just(failed(failure, claim)));
	}

	private Flux<ServerSentEvent<Object>> toEvents(ConversationEvent event, ChatSession session,
			ChatSession.ReplyClaim claim) {
		if (event instanceof ConversationEvent.TextDelta text) {
			return Flux.just(ReplyEvents.delta(text.text()));
		}
		if (event instanceof ConversationEvent.ToolCallRequested requested) {
			return Flux.just(ReplyEvents.toolCalled(requested.call()));
		}
		if (event instanceof ConversationEvent.ToolCallCompleted completed) {
			return Flux.just(ReplyEvents.toolReturned(completed.call(), completed.result().text(), completed.failed()));
		}
		if (event instanceof ConversationEvent.Completed completed) {
			// released and dated before the last event, so that a client acting as soon
			// as
			// it reads "done" is not refused and sees the chat at the top of the list
			claim.release();
			this.store.touch(session);
			return completedEvents(completed.completion());
		}
		return Flux.empty();
	}

	private static Flux<ServerSentEvent<Object>> completedEvents(ChatCompletion completion) {
		@Nullable ChatCompletionChoice first = completion.choices().isEmpty() ? null : completion.choices().get(0);
		String refusal = (first != null) ? first.message().refusal() : null;
		String finishReason = (first != null) ? first.finishReason() : null;
		ServerSentEvent<Object> done = ReplyEvents.done(finishReason, completion.usage());
		// a refusal does not stream as text: it is shown once the reply is complete
		return (refusal != null && !refusal.isEmpty()) ? Flux.just(ReplyEvents.delta(refusal), done) : Flux.just(done);
	}

	private static @Nullable ServerSentEvent<Object> deletedOrNothing(ChatSession session,
			ChatSession.ReplyClaim claim) {
		claim.release();
		return session.isDeleted() ? ReplyEvents.error(ReplyFailureMessages.deleted()) : null;
	}

	private static ServerSentEvent<Object> failed(Throwable failure, ChatSession.ReplyClaim claim) {
		claim.release();
		if (failure instanceof ChatCompletionsException known && known.turn() != null) {
			logger.warn("A reply failed: " + failure.getMessage());
		}
		else {
			logger.error("A reply failed", failure);
		}
		return ReplyEvents.error(ReplyFailureMessages.describe(failure));
	}

}
