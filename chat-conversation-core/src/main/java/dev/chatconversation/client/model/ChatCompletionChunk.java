package dev.chatconversation.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One chunk of a streamed response ({@code chat.completion.chunk}).
 *
 * <p>
 * A chunk may carry no choices: OpenAI's final usage chunk and Azure's first
 * {@code prompt_filter_results} chunk look like that.
 *
 * @param id the response id, the same on every chunk
 * @param object the object type, {@code chat.completion.chunk}
 * @param created when the response was created (Unix seconds)
 * @param model the model that answers
 * @param choices the choice deltas in this chunk
 * @param usage token usage, on whichever chunk the provider puts it
 * @param systemFingerprint the backend configuration fingerprint
 * @param serviceTier the service tier
 * @param extra fields the library does not model ({@code obfuscation}, {@code x_groq},
 * {@code prompt_filter_results}, ...)
 */
public record ChatCompletionChunk(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, List<ChunkChoice> choices, @Nullable Usage usage, @Nullable String systemFingerprint,
		@Nullable String serviceTier, Map<String, JsonNode> extra) {

	public ChatCompletionChunk {
		choices = WireMaps.copy(choices);
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

	/**
	 * The piece of the first choice (index 0) in this chunk. With {@code n > 1} a chunk
	 * may carry only another choice.
	 * @return the choice with index 0, or {@code null} when this chunk has none
	 */
	public @Nullable ChunkChoice firstChoice() {
		for (ChunkChoice choice : this.choices) {
			if (choice.index() == 0) {
				return choice;
			}
		}
		return null;
	}

	/**
	 * The content text of the first choice's delta (see {@link #firstChoice()}).
	 * @return the text, empty when this chunk carries none
	 */
	public String text() {
		ChunkChoice first = firstChoice();
		String content = (first != null) ? first.delta().content() : null;
		return (content != null) ? content : "";
	}

	/**
	 * One choice's delta within a chunk.
	 *
	 * @param index the choice's position
	 * @param delta what this chunk adds to the choice's message
	 * @param logprobs log probabilities of the delta's tokens
	 * @param finishReason why the model stopped, on the choice's last chunk
	 * @param extra fields the library does not model
	 */
	public record ChunkChoice(int index, Delta delta, @Nullable ChoiceLogprobs logprobs, @Nullable String finishReason,
			Map<String, JsonNode> extra) {

		public ChunkChoice {
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

	/**
	 * What a chunk adds to a choice's message.
	 *
	 * @param role the role, usually on the first chunk only
	 * @param content a piece of the reply text
	 * @param reasoningContent a piece of the reasoning ({@code reasoning_content}, vLLM's
	 * {@code reasoning} and Mistral's thinking parts)
	 * @param refusal a piece of the refusal text
	 * @param toolCalls pieces of tool calls, merged by index
	 * @param functionCall a piece of a legacy function call
	 * @param audio a piece of generated audio
	 * @param extra fields the library does not model
	 */
	public record Delta(@Nullable String role, @Nullable String content, @Nullable String reasoningContent,
			@Nullable String refusal, List<ToolCallDelta> toolCalls, @Nullable FunctionCallDelta functionCall,
			@Nullable JsonNode audio, Map<String, JsonNode> extra) {

		/** A delta that adds nothing. */
		public static final Delta EMPTY = new Delta(null, null, null, null, List.of(), null, null, Map.of());

		public Delta {
			toolCalls = WireMaps.copy(toolCalls);
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

	/**
	 * A piece of a tool call. Providers differ: the id and name may come only on the
	 * first piece, be repeated, or be empty strings on continuations; Gemini may omit the
	 * index.
	 *
	 * @param index the call's slot, or {@code null} when the provider omits it
	 * @param id the call id, or {@code null}/empty on continuation pieces
	 * @param type the tool type
	 * @param function the function name and a piece of its arguments
	 * @param extra fields the library does not model (Gemini's {@code extra_content})
	 */
	public record ToolCallDelta(@Nullable Integer index, @Nullable String id, @Nullable String type,
			@Nullable FunctionCallDelta function, Map<String, JsonNode> extra) {

		public ToolCallDelta {
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

	/**
	 * A piece of a function call.
	 *
	 * @param name the function name, usually on the first piece only
	 * @param arguments a piece of the arguments JSON text
	 * @param extra fields the library does not model
	 */
	public record FunctionCallDelta(@Nullable String name, @Nullable String arguments, Map<String, JsonNode> extra) {

		public FunctionCallDelta {
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

}
