package dev.chatconversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends a round's request and, when the window allows it, sends it once more with half of
 * its older turns left out if the provider rejects it for exceeding the model's context
 * before any content arrived. The retry is announced by a
 * {@link ConversationEvent.ContextWindowShrunk} signal and marked on the turn's
 * completion ({@link ContextWindow#RETRY_METADATA}). A conversation runs one turn at a
 * time, so the mark of the running turn is kept here.
 */
final class OverflowRetry {

	private final boolean enabled;

	private ConversationEvent.@Nullable ContextWindowShrunk retried;

	OverflowRetry(boolean enabled) {
		this.enabled = enabled;
	}

	synchronized void startTurn() {
		this.retried = null;
	}

	/**
	 * The round's chunks as signals, each emitted only once {@code accept} took it: a
	 * chunk the turn no longer accepts (it ended, a cancel crossed it) is never emitted.
	 */
	Flux<TurnSignal> stream(ChatCompletionsClient client, ChatCompletionRequest request,
			Predicate<ChatCompletionChunk> accept) {
		Function<ChatCompletionRequest, Flux<TurnSignal>> send = (sent) -> client.stream(sent)
			.<TurnSignal>handle((chunk, signals) -> {
				if (accept.test(chunk)) {
					signals.next(TurnSignal.of(chunk));
				}
			});
		if (!this.enabled) {
			return send.apply(request);
		}
		return Flux.defer(() -> {
			AtomicBoolean received = new AtomicBoolean();
			return send.apply(request).doOnNext((signal) -> received.set(true)).onErrorResume((failure) -> {
				ChatCompletionRequest smaller = received.get() ? null : smaller(failure, request);
				return (smaller != null) ? announce(failure, request, smaller).concatWith(send.apply(smaller))
						: Flux.error(failure);
			});
		});
	}

	/** The round's response, then the signals {@code then} makes of it. */
	Flux<TurnSignal> create(ChatCompletionsClient client, ChatCompletionRequest request,
			Function<ChatCompletion, Flux<TurnSignal>> then) {
		if (!this.enabled) {
			return client.create(request).flatMapMany(then);
		}
		return client.create(request).map((completion) -> then.apply(completion)).onErrorResume((failure) -> {
			ChatCompletionRequest smaller = smaller(failure, request);
			return (smaller != null)
					? Mono
						.just(announce(failure, request, smaller).concatWith(client.create(smaller).flatMapMany(then)))
					: Mono.error(failure);
		}).flatMapMany(Function.identity());
	}

	/** The completion, marked when a request of the running turn was retried. */
	synchronized ChatCompletion mark(ChatCompletion completion) {
		ConversationEvent.ContextWindowShrunk retry = this.retried;
		if (retry == null) {
			return completion;
		}
		ObjectNode metadata = JsonNodeFactory.instance.objectNode()
			.put("messages_before", retry.messagesBefore())
			.put("messages_after", retry.messagesAfter());
		if (retry.cause().error().message() != null) {
			metadata.put("error", retry.cause().error().message());
		}
		Map<String, JsonNode> extra = new LinkedHashMap<>(completion.extra());
		extra.put(ContextWindow.RETRY_METADATA, metadata);
		return new ChatCompletion(completion.id(), completion.object(), completion.created(), completion.model(),
				completion.choices(), completion.usage(), completion.systemFingerprint(), completion.serviceTier(),
				extra);
	}

	private Flux<TurnSignal> announce(Throwable failure, ChatCompletionRequest request, ChatCompletionRequest smaller) {
		ConversationEvent.ContextWindowShrunk event = new ConversationEvent.ContextWindowShrunk(
				request.messages().size(), smaller.messages().size(), Objects.requireNonNull(overflow(failure)));
		synchronized (this) {
			this.retried = event;
		}
		return Flux.just(TurnSignal.of(event));
	}

	private static @Nullable ChatCompletionRequest smaller(Throwable failure, ChatCompletionRequest request) {
		if (overflow(failure) == null) {
			return null;
		}
		List<Message> fewer = ContextSelector.shrink(request.messages());
		return (fewer != null) ? request.mutate().messages(fewer).build() : null;
	}

	private static @Nullable BadRequestException overflow(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BadRequestException badRequest && badRequest.isContextLengthExceeded()) {
				return badRequest;
			}
		}
		return null;
	}

}
