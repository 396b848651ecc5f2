package dev.chatconversation.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code gen_ai.conversation.turn} and
 * {@code gen_ai.conversation.tool_round} observations; implement it, or extend
 * {@link DefaultConversationObservationConvention}, to change them.
 */
public interface ConversationObservationConvention extends ObservationConvention<ConversationObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ConversationObservationContext;
	}

}
