package dev.chatconversation.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A complete Chat Completions response, as a non-streaming call returns it or as the
 * accumulator folds a stream into it.
 *
 * @param id the response id
 * @param object the object type, {@code chat.completion}
 * @param created when the response was created (Unix seconds)
 * @param model the model that answered
 * @param choices the choices, one unless {@code n > 1}
 * @param usage token usage, when the server reported it
 * @param systemFingerprint the backend configuration fingerprint
 * @param serviceTier the service tier that processed the request
 * @param extra fields the library does not model (Albert's {@code search_results}, for
 * instance)
 */
public record ChatCompletion(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, List<ChatCompletionChoice> choices, @Nullable Usage usage,
		@Nullable String systemFingerprint, @Nullable String serviceTier, @JsonAnySetter Map<String, JsonNode> extra) {

	public ChatCompletion {
		choices = WireMaps.copy(choices);
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

	/**
	 * The first choice, which is the only one unless {@code n > 1} was requested.
	 * @return the first choice
	 * @throws IllegalStateException if the response has no choices
	 */
	public ChatCompletionChoice firstChoice() {
		if (this.choices.isEmpty()) {
			throw new IllegalStateException("The response has no choices");
		}
		return this.choices.get(0);
	}

	/**
	 * The text of the first choice's message.
	 * @return the text, empty if the message has none
	 */
	public String text() {
		return this.choices.isEmpty() ? "" : this.choices.get(0).message().text();
	}

}
