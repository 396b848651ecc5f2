package dev.chatconversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.message.ToolCall;
import dev.chatconversation.observation.ChatObservationDocumentation;
import dev.chatconversation.observation.ConversationObservationContext;
import dev.chatconversation.observation.ConversationObservationConvention;
import dev.chatconversation.observation.DefaultConversationObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * Observes the turns of a conversation as {@code gen_ai.conversation.turn} and their tool
 * rounds as {@code gen_ai.conversation.tool_round}, each from subscription to its last
 * signal, error or cancellation. Each observation goes into the Reactor {@code Context}
 * under {@link ObservationThreadLocalAccessor#KEY}, so that the client calls of a turn
 * and the tools of a round become its children.
 */
final class TurnObservations {

	static final TurnObservations NONE = new TurnObservations(ObservationRegistry.NOOP, null);

	private static final DefaultConversationObservationConvention DEFAULT_CONVENTION = new DefaultConversationObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ConversationObservationConvention convention;

	TurnObservations(ObservationRegistry registry, @Nullable ConversationObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/** Observes a whole turn. */
	Flux<TurnSignal> turn(boolean streaming, Flux<TurnSignal> signals) {
		if (this.registry.isNoop()) {
			return signals;
		}
		return Flux.deferContextual((subscriber) -> {
			ConversationObservationContext context = ConversationObservationContext.turn(streaming);
			Observation observation = ChatObservationDocumentation.CONVERSATION_TURN
				.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
				.parentObservation(parent(subscriber));
			return observed(signals, observation.start(), context);
		});
	}

	/** Observes one tool round of a turn, a child of the turn's observation. */
	Flux<TurnSignal> toolRound(boolean streaming, List<ToolCall> calls, Flux<TurnSignal> signals) {
		if (this.registry.isNoop()) {
			return signals;
		}
		return Flux.deferContextual((subscriber) -> {
			Observation parent = parent(subscriber);
			if (parent != null && parent.getContext() instanceof ConversationObservationContext turn) {
				turn.toolRoundStarted();
			}
			List<String> names = calls.stream()
				.map((call) -> (call.function() != null) ? call.function().name() : call.type())
				.toList();
			ConversationObservationContext context = ConversationObservationContext.toolRound(streaming, names);
			Observation observation = ChatObservationDocumentation.TOOL_ROUND
				.observation(null, DefaultConversationObservationConvention.TOOL_ROUNDS, () -> context, this.registry)
				.parentObservation(parent);
			return observed(signals, observation.start(), context);
		});
	}

	private static @Nullable Observation parent(ContextView subscriber) {
		return subscriber.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
	}

	private static Flux<TurnSignal> observed(Flux<TurnSignal> signals, Observation observation,
			ConversationObservationContext context) {
		AtomicBoolean stopped = new AtomicBoolean();
		return signals.doOnComplete(() -> stop(observation, stopped, null))
			.doOnError((failure) -> stop(observation, stopped, failure))
			.doOnCancel(() -> {
				if (!stopped.get()) {
					context.cancelled();
					stop(observation, stopped, null);
				}
			})
			.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
	}

	private static void stop(Observation observation, AtomicBoolean stopped, @Nullable Throwable failure) {
		if (stopped.compareAndSet(false, true)) {
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
	}

}
