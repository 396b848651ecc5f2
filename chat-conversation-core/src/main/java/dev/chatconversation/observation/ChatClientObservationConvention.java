package dev.chatconversation.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code gen_ai.client.operation} observation of a client call;
 * implement it, or extend {@link DefaultChatClientObservationConvention}, to change them.
 */
public interface ChatClientObservationConvention extends ObservationConvention<ChatClientObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext;
	}

	/**
	 * Whether the client should keep the reply's text in the context for this convention.
	 * Message content is personal data: the default is {@code false}.
	 * @return whether to keep content
	 */
	default boolean includesContent() {
		return false;
	}

}
