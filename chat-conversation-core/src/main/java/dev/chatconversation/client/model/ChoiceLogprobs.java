package dev.chatconversation.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;

/**
 * Log probabilities of a choice's content and refusal tokens (requested with
 * {@code logprobs: true}).
 *
 * @param content per-token log probabilities of the content
 * @param refusal per-token log probabilities of the refusal
 * @param extra fields the library does not model
 */
public record ChoiceLogprobs(List<TokenLogprob> content, List<TokenLogprob> refusal,
		@JsonAnySetter Map<String, JsonNode> extra) {

	public ChoiceLogprobs {
		content = WireMaps.copy(content);
		refusal = WireMaps.copy(refusal);
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

}
