package dev.chatconversation.structured;

import java.util.Objects;

import dev.chatconversation.client.model.ChatCompletion;

/**
 * What a streamed structured output emits: pieces of the JSON text as they arrive, then
 * the value read from the whole reply.
 *
 * @param <T> the type of the value
 */
public sealed interface StructuredEvent<T> {

	/**
	 * A piece of the reply's JSON text.
	 *
	 * @param <T> the type of the value
	 * @param text the piece, never empty
	 */
	record TextDelta<T>(String text) implements StructuredEvent<T> {

		public TextDelta {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * The value read from the complete reply; always the last event.
	 *
	 * @param <T> the type of the value
	 * @param value the value
	 * @param completion the whole response, with usage and finish reason
	 */
	record Parsed<T>(T value, ChatCompletion completion) implements StructuredEvent<T> {

		public Parsed {
			Objects.requireNonNull(value, "value");
			Objects.requireNonNull(completion, "completion");
		}

	}

}
