package dev.chatconversation.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An {@code assistant} message: the model's reply, with its text, refusal, tool calls,
 * audio and reasoning.
 *
 * <p>
 * Two fields are local to the history and never sent to the API: {@code finishReason}
 * (why the model stopped) and {@code incomplete} (set when the reply was cut short by an
 * error or a cancellation).
 *
 * @param content the reply text or parts; {@code null} when the reply is only tool calls
 * or a refusal
 * @param refusal the refusal text when the model declined
 * @param name an optional participant name
 * @param toolCalls the tool calls the model requested, in order
 * @param functionCall the legacy function call the model requested
 * @param audio audio the model produced
 * @param reasoningContent the model's reasoning as providers such as DeepSeek return it
 * @param finishReason why the model stopped ({@code stop}, {@code length},
 * {@code tool_calls}, ...), local to the history
 * @param incomplete set when the reply stopped early, local to the history
 * @param extra fields of the message the library does not model
 */
public record AssistantMessage(@Nullable Content content, @Nullable String refusal, @Nullable String name,
		List<ToolCall> toolCalls, @Nullable FunctionCall functionCall, @Nullable AssistantAudio audio,
		@Nullable String reasoningContent, @Nullable String finishReason, @Nullable Incomplete incomplete,
		Map<String, JsonNode> extra) implements Message {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("role", "content", "refusal", "name", "tool_calls", "function_call",
			"audio", "reasoning_content", "finish_reason", "incomplete");

	public AssistantMessage {
		toolCalls = List.copyOf(toolCalls);
		extra = Extra.copy(extra, FIELDS);
	}

	/**
	 * A builder for an assistant message.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder initialised with this message's fields, to derive a changed copy.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	@Override
	public String role() {
		return "assistant";
	}

	@Override
	public String text() {
		return (this.content != null) ? this.content.text() : "";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

	/**
	 * Whether the model asked for tool calls (or a legacy function call) in this message.
	 * @return {@code true} if there is at least one call
	 */
	public boolean hasToolCalls() {
		return !this.toolCalls.isEmpty() || this.functionCall != null;
	}

	/**
	 * Builds {@link AssistantMessage} values.
	 */
	public static final class Builder {

		private @Nullable Content content;

		private @Nullable String refusal;

		private @Nullable String name;

		private final List<ToolCall> toolCalls = new ArrayList<>();

		private @Nullable FunctionCall functionCall;

		private @Nullable AssistantAudio audio;

		private @Nullable String reasoningContent;

		private @Nullable String finishReason;

		private @Nullable Incomplete incomplete;

		private final Map<String, JsonNode> extra = new LinkedHashMap<>();

		private Builder() {
		}

		private Builder(AssistantMessage message) {
			this.content = message.content;
			this.refusal = message.refusal;
			this.name = message.name;
			this.toolCalls.addAll(message.toolCalls);
			this.functionCall = message.functionCall;
			this.audio = message.audio;
			this.reasoningContent = message.reasoningContent;
			this.finishReason = message.finishReason;
			this.incomplete = message.incomplete;
			this.extra.putAll(message.extra);
		}

		public Builder content(@Nullable String text) {
			this.content = (text != null) ? Content.of(text) : null;
			return this;
		}

		public Builder content(@Nullable Content content) {
			this.content = content;
			return this;
		}

		public Builder refusal(@Nullable String refusal) {
			this.refusal = refusal;
			return this;
		}

		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		public Builder toolCalls(List<ToolCall> toolCalls) {
			this.toolCalls.clear();
			this.toolCalls.addAll(toolCalls);
			return this;
		}

		public Builder toolCall(ToolCall toolCall) {
			this.toolCalls.add(toolCall);
			return this;
		}

		public Builder functionCall(@Nullable FunctionCall functionCall) {
			this.functionCall = functionCall;
			return this;
		}

		public Builder audio(@Nullable AssistantAudio audio) {
			this.audio = audio;
			return this;
		}

		public Builder reasoningContent(@Nullable String reasoningContent) {
			this.reasoningContent = reasoningContent;
			return this;
		}

		public Builder finishReason(@Nullable String finishReason) {
			this.finishReason = finishReason;
			return this;
		}

		public Builder incomplete(@Nullable Incomplete incomplete) {
			this.incomplete = incomplete;
			return this;
		}

		public Builder extra(Map<String, JsonNode> extra) {
			this.extra.clear();
			this.extra.putAll(extra);
			return this;
		}

		public Builder extra(String name, JsonNode value) {
			this.extra.put(name, value);
			return this;
		}

		public AssistantMessage build() {
			return new AssistantMessage(this.content, this.refusal, this.name, this.toolCalls, this.functionCall,
					this.audio, this.reasoningContent, this.finishReason, this.incomplete, this.extra);
		}

	}

}
