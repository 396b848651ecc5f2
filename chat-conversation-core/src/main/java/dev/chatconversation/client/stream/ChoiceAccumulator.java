package dev.chatconversation.client.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletionChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.FunctionCallDelta;
import dev.chatconversation.client.model.ChoiceLogprobs;
import dev.chatconversation.client.model.TokenLogprob;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FunctionCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The state of one choice while its deltas arrive.
 */
final class ChoiceAccumulator {

	private @Nullable StringBuilder content;

	private @Nullable StringBuilder reasoning;

	private @Nullable StringBuilder refusal;

	private final ToolCallAccumulator toolCalls = new ToolCallAccumulator();

	private @Nullable String functionName;

	private @Nullable StringBuilder functionArguments;

	private final AudioAccumulator audio = new AudioAccumulator();

	private @Nullable String finishReason;

	private @Nullable List<TokenLogprob> contentLogprobs;

	private @Nullable List<TokenLogprob> refusalLogprobs;

	private @Nullable Map<String, JsonNode> choiceExtra;

	private @Nullable Map<String, JsonNode> messageExtra;

	void add(ChunkChoice choice) {
		Delta delta = choice.delta();
		this.content = append(this.content, delta.content());
		this.reasoning = append(this.reasoning, delta.reasoningContent());
		this.refusal = append(this.refusal, delta.refusal());
		if (!delta.toolCalls().isEmpty()) {
			this.toolCalls.add(delta.toolCalls());
		}
		if (delta.functionCall() != null) {
			addFunctionCall(delta.functionCall());
		}
		if (delta.audio() != null) {
			this.audio.add(delta.audio());
		}
		if (choice.finishReason() != null) {
			this.finishReason = choice.finishReason();
		}
		if (choice.logprobs() != null) {
			addLogprobs(choice.logprobs());
		}
		this.choiceExtra = merge(this.choiceExtra, choice.extra());
		this.messageExtra = merge(this.messageExtra, messageFields(delta.extra()));
	}

	boolean hasContent() {
		return this.content != null && !this.content.isEmpty() || this.reasoning != null && !this.reasoning.isEmpty()
				|| this.refusal != null && !this.refusal.isEmpty() || !this.toolCalls.isEmpty()
				|| this.functionName != null || this.audio.hasAudio();
	}

	@Nullable String finishReason() {
		return this.finishReason;
	}

	ChatCompletionChoice toChoice(int index) {
		String text = (this.content != null && !this.content.isEmpty()) ? this.content.toString() : null;
		AssistantMessage.Builder message = AssistantMessage.builder()
			.content(text)
			.refusal((this.refusal != null && !this.refusal.isEmpty()) ? this.refusal.toString() : null)
			.reasoningContent((this.reasoning != null && !this.reasoning.isEmpty()) ? this.reasoning.toString() : null)
			.toolCalls(this.toolCalls.toToolCalls())
			.audio(this.audio.toAudio())
			.finishReason(this.finishReason);
		if (this.functionName != null) {
			message.functionCall(FunctionCall.of(this.functionName,
					(this.functionArguments != null) ? this.functionArguments.toString() : ""));
		}
		if (this.messageExtra != null) {
			message.extra(this.messageExtra);
		}
		ChoiceLogprobs logprobs = null;
		if (this.contentLogprobs != null || this.refusalLogprobs != null) {
			logprobs = new ChoiceLogprobs(this.contentLogprobs, this.refusalLogprobs, Map.of());
		}
		return new ChatCompletionChoice(index, message.build(), this.finishReason, logprobs,
				(this.choiceExtra != null) ? this.choiceExtra : Map.of());
	}

	private void addFunctionCall(FunctionCallDelta delta) {
		if (delta.name() != null && !delta.name().isEmpty() && this.functionName == null) {
			this.functionName = delta.name();
		}
		this.functionArguments = append(this.functionArguments, delta.arguments());
		if (this.functionName == null && this.functionArguments != null) {
			this.functionName = "";
		}
	}

	private void addLogprobs(ChoiceLogprobs logprobs) {
		if (!logprobs.content().isEmpty()) {
			this.contentLogprobs = (this.contentLogprobs != null) ? this.contentLogprobs : new ArrayList<>();
			this.contentLogprobs.addAll(logprobs.content());
		}
		if (!logprobs.refusal().isEmpty()) {
			this.refusalLogprobs = (this.refusalLogprobs != null) ? this.refusalLogprobs : new ArrayList<>();
			this.refusalLogprobs.addAll(logprobs.refusal());
		}
	}

	/**
	 * The delta fields worth keeping on the message. Some Mistral-style servers repeat
	 * the choice {@code index} inside the delta; kept, it would be sent back on the next
	 * request, where strict servers reject unknown message fields.
	 */
	private static Map<String, JsonNode> messageFields(Map<String, JsonNode> extra) {
		if (!extra.containsKey("index")) {
			return extra;
		}
		Map<String, JsonNode> fields = new LinkedHashMap<>(extra);
		fields.remove("index");
		return fields;
	}

	private static @Nullable StringBuilder append(@Nullable StringBuilder text, @Nullable String piece) {
		if (piece == null) {
			return text;
		}
		StringBuilder target = (text != null) ? text : new StringBuilder(Math.max(16, piece.length() * 8));
		return target.append(piece);
	}

	private static @Nullable Map<String, JsonNode> merge(@Nullable Map<String, JsonNode> target,
			Map<String, JsonNode> added) {
		if (added.isEmpty()) {
			return target;
		}
		Map<String, JsonNode> merged = (target != null) ? target : new LinkedHashMap<>();
		added.forEach((name, value) -> {
			if (!value.isNull()) {
				merged.put(name, value);
			}
		});
		return merged;
	}

}
