package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionChunk;
import org.jspecify.annotations.Nullable;

/**
 * What a running turn emits: a chunk of a streamed round, or an event of the turn itself
 * (a tool call, a tool result, the completion).
 *
 * @param chunk the chunk, or {@code null}
 * @param event the event, or {@code null}
 */
record TurnSignal(@Nullable ChatCompletionChunk chunk, @Nullable ConversationEvent event) {

	static TurnSignal of(ChatCompletionChunk chunk) {
		return new TurnSignal(chunk, null);
	}

	static TurnSignal of(ConversationEvent event) {
		return new TurnSignal(null, event);
	}

	/**
	 * The public events: the text and reasoning of the first choice (index 0) in a chunk,
	 * or the event itself. Pieces of other choices (a request with {@code n > 1}) are
	 * left out, as the history keeps the first choice only.
	 */
	List<ConversationEvent> events() {
		if (this.event != null) {
			return List.of(this.event);
		}
		ChatCompletionChunk.ChunkChoice first = (this.chunk != null) ? this.chunk.firstChoice() : null;
		if (first == null) {
			return List.of();
		}
		ChatCompletionChunk.Delta delta = first.delta();
		List<ConversationEvent> events = new ArrayList<>(1);
		if (delta.reasoningContent() != null && !delta.reasoningContent().isEmpty()) {
			events.add(new ConversationEvent.ReasoningDelta(delta.reasoningContent()));
		}
		if (delta.content() != null && !delta.content().isEmpty()) {
			events.add(new ConversationEvent.TextDelta(delta.content()));
		}
		return events;
	}

}
