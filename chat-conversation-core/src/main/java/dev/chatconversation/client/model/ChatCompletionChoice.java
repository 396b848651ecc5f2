package dev.chatconversation.client.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.chatconversation.message.AssistantMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One choice of a response: the assistant message and why the model stopped.
 *
 * @param index the choice's position
 * @param message the assistant message, ready to append to a history (it carries the
 * finish reason too)
 * @param finishReason why the model stopped: {@code stop}, {@code length},
 * {@code tool_calls}, {@code content_filter}, {@code function_call} or a provider value
 * @param logprobs log probabilities, when requested
 * @param extra fields the library does not model ({@code content_filter_results}, ...)
 */
public record ChatCompletionChoice(@Nullable Integer index,
		@JsonDeserialize(using = ResponseMessages.Deserializer.class) @JsonSerialize(
				using = ResponseMessages.Serializer.class) AssistantMessage message,
		@Nullable String finishReason, @Nullable ChoiceLogprobs logprobs, @JsonAnySetter Map<String, JsonNode> extra) {

	public ChatCompletionChoice {
		if (message == null) {
			message = AssistantMessage.builder().finishReason(finishReason).build();
		}
		else if (message.finishReason() == null && finishReason != null) {
			message = message.mutate().finishReason(finishReason).build();
		}
		extra = WireMaps.copy(extra);
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

}
