package dev.chatconversation.samples.chatsse;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.codec.ServerSentEvent;

/**
 * The server-sent events of a reply. Their data is always JSON: written as a bare string,
 * a piece of text would lose its leading space (the SSE parser eats one after
 * {@code data:}) and be cut at each newline (spring-projects/spring-ai#1089).
 */
final class ReplyEvents {

	private ReplyEvents() {
	}

	/**
	 * A piece of the reply text.
	 * @param text the piece
	 * @return the {@code delta} event
	 */
	static ServerSentEvent<Object> delta(String text) {
		return event("delta", new Delta(text));
	}

	/**
	 * The reply is complete and in the history.
	 * @param finishReason why the model stopped, if it said
	 * @param usage the token usage, if the provider sent it
	 * @return the {@code done} event
	 */
	static ServerSentEvent<Object> done(@Nullable String finishReason, @Nullable Usage usage) {
		JsonNode usageJson = (usage != null) ? WireJson.mapper().valueToTree(usage) : null;
		return event("done", new Done(finishReason, usageJson));
	}

	/**
	 * The reply failed.
	 * @param message what happened, in plain words
	 * @return the {@code error} event
	 */
	static ServerSentEvent<Object> error(String message) {
		return event("error", new Error(message));
	}

	private static ServerSentEvent<Object> event(String name, Object data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

	/**
	 * Data of a {@code delta} event.
	 *
	 * @param text a piece of the reply text, spaces and newlines included
	 */
	record Delta(String text) {
	}

	/**
	 * Data of a {@code done} event.
	 *
	 * @param finishReason why the model stopped ({@code stop}, {@code length}, ...)
	 * @param usage the token usage as the provider sent it (snake_case names)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Done(@Nullable String finishReason, @Nullable JsonNode usage) {
	}

	/**
	 * Data of an {@code error} event.
	 *
	 * @param message what happened, in plain words
	 */
	record Error(String message) {
	}

}
