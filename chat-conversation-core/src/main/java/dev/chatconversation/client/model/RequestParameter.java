package dev.chatconversation.client.model;

import java.util.Locale;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * The optional top-level parameters of {@link ChatCompletionRequest}, in the order they
 * are written after {@code messages}: the one list of the request's parameters, from
 * which its values, equality and JSON body follow. The wire name is the constant's name
 * in lower case.
 */
enum RequestParameter {

	MODEL, AUDIO, FREQUENCY_PENALTY, FUNCTION_CALL, FUNCTIONS, LOGIT_BIAS, LOGPROBS, MAX_COMPLETION_TOKENS, MAX_TOKENS,
	METADATA, MODALITIES, N, PARALLEL_TOOL_CALLS, PREDICTION, PRESENCE_PENALTY, PROMPT_CACHE_KEY, REASONING_EFFORT,
	RESPONSE_FORMAT, SAFETY_IDENTIFIER, SEED, SERVICE_TIER, STOP, STORE, STREAM, STREAM_OPTIONS, TEMPERATURE,
	TOOL_CHOICE, TOOLS, TOP_LOGPROBS, TOP_P, USER, VERBOSITY, WEB_SEARCH_OPTIONS;

	private final SerializableString wireName = new SerializedString(name().toLowerCase(Locale.ROOT));

	/**
	 * The name of the parameter in the JSON body, such as {@code max_completion_tokens}.
	 */
	SerializableString wireName() {
		return this.wireName;
	}

}
