package dev.chatconversation.client.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Token usage of a response. Provider additions (Groq timings, DeepSeek cache counters,
 * Albert's {@code cost} and {@code carbon}) are kept in {@link #extra()}.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens in the completion
 * @param totalTokens prompt plus completion tokens
 * @param promptTokensDetails breakdown of the prompt tokens
 * @param completionTokensDetails breakdown of the completion tokens
 * @param extra fields the library does not model
 */
public record Usage(@Nullable Integer promptTokens, @Nullable Integer completionTokens, @Nullable Integer totalTokens,
		@Nullable PromptTokensDetails promptTokensDetails, @Nullable CompletionTokensDetails completionTokensDetails,
		@JsonAnySetter Map<String, JsonNode> extra) {

	public Usage {
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

	/**
	 * Breakdown of prompt tokens.
	 *
	 * @param cachedTokens tokens served from the prompt cache
	 * @param audioTokens audio input tokens
	 * @param extra fields the library does not model
	 */
	public record PromptTokensDetails(@Nullable Integer cachedTokens, @Nullable Integer audioTokens,
			@JsonAnySetter Map<String, JsonNode> extra) {

		public PromptTokensDetails {
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

	/**
	 * Breakdown of completion tokens.
	 *
	 * @param reasoningTokens tokens spent on reasoning
	 * @param audioTokens audio output tokens
	 * @param acceptedPredictionTokens predicted tokens that appeared in the completion
	 * @param rejectedPredictionTokens predicted tokens that did not
	 * @param extra fields the library does not model
	 */
	public record CompletionTokensDetails(@Nullable Integer reasoningTokens, @Nullable Integer audioTokens,
			@Nullable Integer acceptedPredictionTokens, @Nullable Integer rejectedPredictionTokens,
			@JsonAnySetter Map<String, JsonNode> extra) {

		public CompletionTokensDetails {
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

}
