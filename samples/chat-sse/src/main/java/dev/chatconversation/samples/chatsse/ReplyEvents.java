package dev.chatconversation.samples.chatsse;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.ToolCall;
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

	/**
	 * The model asked for a tool call, about to run.
	 * @param call the call
	 * @return the {@code tool} event, status {@code running}
	 */
	static ServerSentEvent<Object> toolCalled(ToolCall call) {
		FunctionCall function = call.function();
		String name = (function != null) ? function.name() : call.type();
		String arguments = (function != null) ? function.arguments() : "";
		return event("tool", new Tool(call.id(), name, "running", arguments, null));
	}

	/**
	 * A tool returned.
	 * @param call the call
	 * @param result what is sent back to the model
	 * @param failed whether the tool threw or does not exist
	 * @return the {@code tool} event, status {@code done} or {@code failed}
	 */
	static ServerSentEvent<Object> toolReturned(ToolCall call, String result, boolean failed) {
		FunctionCall function = call.function();
		String name = (function != null) ? function.name() : call.type();
		String arguments = (function != null) ? function.arguments() : "";
		return event("tool", new Tool(call.id(), name, failed ? "failed" : "done", arguments, result));
	}

	/**
	 * A comment that keeps the connection open while the model is silent; clients ignore
	 * it.
	 * @return the comment
	 */
	static ServerSentEvent<Object> heartbeat() {
		return ServerSentEvent.<Object>builder().comment("heartbeat").build();
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
	 * Data of a {@code tool} event.
	 *
	 * @param id the call's id, the same in its two events
	 * @param name the tool's name
	 * @param status {@code running}, then {@code done} or {@code failed}
	 * @param arguments the arguments as the model wrote them (JSON)
	 * @param result what the tool returned, as sent to the model; absent while running
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Tool(String id, String name, String status, String arguments, @Nullable String result) {
	}

	/**
	 * Data of an {@code error} event.
	 *
	 * @param message what happened, in plain words
	 */
	record Error(String message) {
	}

}
