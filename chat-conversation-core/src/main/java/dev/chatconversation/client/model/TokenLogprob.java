package dev.chatconversation.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The log probability of one output token, with the most likely alternatives.
 *
 * @param token the token
 * @param logprob its log probability
 * @param bytes the token's UTF-8 bytes, when given
 * @param topLogprobs the most likely tokens at this position
 * @param extra fields the library does not model
 */
public record TokenLogprob(@Nullable String token, @Nullable Double logprob, @Nullable List<Integer> bytes,
		List<TopLogprob> topLogprobs, @JsonAnySetter Map<String, JsonNode> extra) {

	public TokenLogprob {
		topLogprobs = WireMaps.copy(topLogprobs);
		bytes = (bytes != null) ? List.copyOf(bytes) : null;
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

	/**
	 * One alternative token and its log probability.
	 *
	 * @param token the token
	 * @param logprob its log probability
	 * @param bytes the token's UTF-8 bytes, when given
	 * @param extra fields the library does not model
	 */
	public record TopLogprob(@Nullable String token, @Nullable Double logprob, @Nullable List<Integer> bytes,
			@JsonAnySetter Map<String, JsonNode> extra) {

		public TopLogprob {
			bytes = (bytes != null) ? List.copyOf(bytes) : null;
			extra = WireMaps.copy(extra);
		}

		@Override
		@JsonAnyGetter
		public Map<String, JsonNode> extra() {
			return this.extra;
		}

	}

}
