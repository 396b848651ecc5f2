package dev.chatconversation.client.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;

/**
 * The optional top-level parameters that {@link ChatCompletionRequest} models, by their
 * wire name, so that rules can read, leave out or rename them by the name providers
 * document. {@code messages}, {@code model} and {@code stream} are not listed: no rule
 * may remove them.
 */
final class RequestParameters {

	private static final Map<String, Parameter> PARAMETERS = new LinkedHashMap<>();

	static {
		add("audio", ChatCompletionRequest::audio, (request) -> request.audio(null));
		add("frequency_penalty", ChatCompletionRequest::frequencyPenalty, (request) -> request.frequencyPenalty(null));
		add("function_call", ChatCompletionRequest::functionCall, (request) -> request.functionCall(null));
		add("functions", ChatCompletionRequest::functions, (request) -> request.functions(null));
		add("logit_bias", ChatCompletionRequest::logitBias, (request) -> request.logitBias(null));
		add("logprobs", ChatCompletionRequest::logprobs, (request) -> request.logprobs(null));
		add("max_completion_tokens", ChatCompletionRequest::maxCompletionTokens,
				(request) -> request.maxCompletionTokens(null));
		add("max_tokens", ChatCompletionRequest::maxTokens, (request) -> request.maxTokens(null));
		add("metadata", ChatCompletionRequest::metadata, (request) -> request.metadata(null));
		add("modalities", ChatCompletionRequest::modalities, (request) -> request.modalities(null));
		add("n", ChatCompletionRequest::n, (request) -> request.n(null));
		add("parallel_tool_calls", ChatCompletionRequest::parallelToolCalls,
				(request) -> request.parallelToolCalls(null));
		add("prediction", ChatCompletionRequest::prediction, (request) -> request.prediction(null));
		add("presence_penalty", ChatCompletionRequest::presencePenalty, (request) -> request.presencePenalty(null));
		add("prompt_cache_key", ChatCompletionRequest::promptCacheKey, (request) -> request.promptCacheKey(null));
		add("reasoning_effort", ChatCompletionRequest::reasoningEffort, (request) -> request.reasoningEffort(null));
		add("response_format", ChatCompletionRequest::responseFormat, (request) -> request.responseFormat(null));
		add("safety_identifier", ChatCompletionRequest::safetyIdentifier, (request) -> request.safetyIdentifier(null));
		add("seed", ChatCompletionRequest::seed, (request) -> request.seed(null));
		add("service_tier", ChatCompletionRequest::serviceTier, (request) -> request.serviceTier(null));
		add("stop", ChatCompletionRequest::stop, (request) -> request.stop(null));
		add("store", ChatCompletionRequest::store, (request) -> request.store(null));
		add("stream_options", ChatCompletionRequest::streamOptions, (request) -> request.streamOptions(null));
		add("temperature", ChatCompletionRequest::temperature, (request) -> request.temperature(null));
		add("tool_choice", ChatCompletionRequest::toolChoice, (request) -> request.toolChoice(null));
		add("tools", ChatCompletionRequest::tools, (request) -> request.tools(null));
		add("top_logprobs", ChatCompletionRequest::topLogprobs, (request) -> request.topLogprobs(null));
		add("top_p", ChatCompletionRequest::topP, (request) -> request.topP(null));
		add("user", ChatCompletionRequest::user, (request) -> request.user(null));
		add("verbosity", ChatCompletionRequest::verbosity, (request) -> request.verbosity(null));
		add("web_search_options", ChatCompletionRequest::webSearchOptions, (request) -> request.webSearchOptions(null));
	}

	private RequestParameters() {
	}

	private static void add(String name, Function<ChatCompletionRequest, @Nullable Object> value,
			Consumer<ChatCompletionRequest.Builder> clear) {
		PARAMETERS.put(name, new Parameter(name, value, clear));
	}

	/**
	 * The wire names of the parameters a rule can leave out or rename.
	 */
	static Set<String> names() {
		return PARAMETERS.keySet();
	}

	/**
	 * The parameter of a wire name.
	 * @throws IllegalArgumentException if the request does not model it
	 */
	static Parameter named(String name) {
		Parameter parameter = PARAMETERS.get(name);
		if (parameter == null) {
			throw new IllegalArgumentException(
					"'" + name + "' is not an optional parameter of the request; known parameters: " + names());
		}
		return parameter;
	}

	/**
	 * One optional top-level parameter.
	 *
	 * @param name the wire name
	 * @param value reads the parameter, {@code null} when unset
	 * @param clear unsets the parameter on a builder
	 */
	record Parameter(String name, Function<ChatCompletionRequest, @Nullable Object> value,
			Consumer<ChatCompletionRequest.Builder> clear) {

		boolean isSet(ChatCompletionRequest request) {
			return this.value.apply(request) != null;
		}

	}

}
