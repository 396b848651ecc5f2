package dev.chatconversation.samples.chatsse;

import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.Usage;
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
 * Turns one turn of a conversation into the server-sent events of a reply:
 * {@code delta}s, then {@code done} or {@code error}.
 */
@Component
class ReplyStreams {

	private static final Log logger = LogFactory.getLog(ReplyStreams.class);

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
		ChatSession.ReplyClaim claim = session.claimReply();
		if (claim == null) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"A reply is still being written in this conversation: wait for it to finish, or stop it, "
							+ "then send your message again.");
		}
		return Flux.defer(() -> events(session, content, claim)).doFinally((signal) -> claim.release());
	}

	private Flux<ServerSentEvent<Object>> events(ChatSession session, String content, ChatSession.ReplyClaim claim) {
		Progress progress = new Progress();
		return session.conversation()
			.turn(content)
			.chunks()
			.takeUntilOther(session.deleted())
			.doOnNext(progress::add)
			.map(ReplyStreams::visibleText)
			.filter((text) -> !text.isEmpty())
			.map(ReplyEvents::delta)
			.concatWith(Mono.fromSupplier(() -> ended(session, progress, claim)))
			.onErrorResume((failure) -> Mono.just(failed(failure, claim)));
	}

	private static ServerSentEvent<Object> ended(ChatSession session, Progress progress, ChatSession.ReplyClaim claim) {
		// released before the last event, so that a client sending its next message as
		// soon as it reads "done" is not refused
		claim.release();
		if (session.isDeleted()) {
			return ReplyEvents.error(ReplyFailureMessages.deleted());
		}
		return ReplyEvents.done(progress.finishReason, progress.usage);
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

	private static String visibleText(ChatCompletionChunk chunk) {
		ChatCompletionChunk.ChunkChoice first = chunk.firstChoice();
		String refusal = (first != null) ? first.delta().refusal() : null;
		return (refusal != null) ? chunk.text() + refusal : chunk.text();
	}

	/**
	 * What the chunks said about the reply as a whole.
	 */
	private static final class Progress {

		private @Nullable String finishReason;

		private @Nullable Usage usage;

		void add(ChatCompletionChunk chunk) {
			if (chunk.usage() != null) {
				this.usage = chunk.usage();
			}
			for (ChunkChoice choice : chunk.choices()) {
				if (choice.index() == 0 && choice.finishReason() != null) {
					this.finishReason = choice.finishReason();
				}
			}
		}

	}

}
