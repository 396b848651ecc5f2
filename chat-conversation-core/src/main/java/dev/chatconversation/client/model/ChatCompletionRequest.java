package dev.chatconversation.client.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.chatconversation.client.model.RequestOptions.AudioOptions;
import dev.chatconversation.client.model.RequestOptions.Prediction;
import dev.chatconversation.client.model.RequestOptions.StreamOptions;
import dev.chatconversation.client.model.RequestOptions.WebSearchOptions;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A Chat Completions request with every parameter of the official SDK's
 * {@code chat.completions.create}. Unset ({@code null}) parameters are not sent.
 *
 * <p>
 * Provider extensions need no code change: {@code extraBody} adds JSON fields,
 * {@code extraHeaders} HTTP headers and {@code extraQuery} query parameters;
 * {@code timeout} bounds this request's total time.
 *
 * @param messages the conversation so far, oldest first
 * @param model the model to use
 * @param audio voice and format of audio output
 * @param frequencyPenalty penalty for tokens by their frequency so far, -2.0 to 2.0
 * @param functionCall legacy: how the model may call {@code functions}
 * @param functions legacy: functions the model may call
 * @param logitBias bias added to the logits of token ids, -100 to 100
 * @param logprobs whether to return log probabilities of the output tokens
 * @param maxCompletionTokens upper bound of generated tokens, reasoning included
 * @param maxTokens legacy upper bound of generated tokens
 * @param metadata key-value pairs stored with the completion
 * @param modalities output types, such as {@code text} and {@code audio}
 * @param n how many choices to generate
 * @param parallelToolCalls whether the model may call several tools at once
 * @param prediction predicted output
 * @param presencePenalty penalty for tokens already present, -2.0 to 2.0
 * @param promptCacheKey key that groups similar requests for prompt caching
 * @param reasoningEffort reasoning effort: {@code minimal}, {@code low}, {@code medium},
 * {@code high}
 * @param responseFormat output format: text, JSON object or JSON schema
 * @param safetyIdentifier stable identifier of the end user for abuse detection
 * @param seed seed for best-effort deterministic sampling
 * @param serviceTier processing tier: {@code auto}, {@code default}, {@code flex},
 * {@code priority}
 * @param stop up to four sequences where generation stops
 * @param store whether the provider stores the completion
 * @param stream whether the response is streamed; set by the client
 * @param streamOptions streaming options such as {@code include_usage}
 * @param temperature sampling temperature, 0 to 2
 * @param toolChoice how the model may use tools
 * @param tools tools the model may call
 * @param topLogprobs how many likely tokens to return per position, 0 to 20
 * @param topP nucleus sampling probability mass
 * @param user legacy end-user identifier (Albert uses it for server-side history)
 * @param verbosity answer length: {@code low}, {@code medium}, {@code high}
 * @param webSearchOptions web search options for search models
 * @param extraBody fields added to the JSON body as they are, overriding modelled fields
 * of the same name (provider extensions such as Albert's {@code search})
 * @param extraHeaders HTTP headers added to this request
 * @param extraQuery query parameters added to this request's URL
 * @param timeout total time allowed for this request, overriding the client's
 */
public record ChatCompletionRequest(
		@JsonSerialize(contentUsing = ResponseMessages.RequestSerializer.class) List<Message> messages,
		@Nullable String model, @Nullable AudioOptions audio, @Nullable Double frequencyPenalty,
		@Nullable FunctionCallOption functionCall, @Nullable List<FunctionDefinition> functions,
		@Nullable Map<String, Integer> logitBias, @Nullable Boolean logprobs, @Nullable Integer maxCompletionTokens,
		@Nullable Integer maxTokens, @Nullable Map<String, String> metadata, @Nullable List<String> modalities,
		@Nullable Integer n, @Nullable Boolean parallelToolCalls, @Nullable Prediction prediction,
		@Nullable Double presencePenalty, @Nullable String promptCacheKey, @Nullable String reasoningEffort,
		@Nullable ResponseFormat responseFormat, @Nullable String safetyIdentifier, @Nullable Long seed,
		@Nullable String serviceTier, @Nullable List<String> stop, @Nullable Boolean store, @Nullable Boolean stream,
		@Nullable StreamOptions streamOptions, @Nullable Double temperature, @Nullable ToolChoice toolChoice,
		@Nullable List<Tool> tools, @Nullable Integer topLogprobs, @Nullable Double topP, @Nullable String user,
		@Nullable String verbosity, @Nullable WebSearchOptions webSearchOptions,
		@JsonIgnore Map<String, JsonNode> extraBody, @JsonIgnore Map<String, String> extraHeaders,
		@JsonIgnore Map<String, String> extraQuery, @JsonIgnore @Nullable Duration timeout) {

	public ChatCompletionRequest {
		messages = List.copyOf(messages);
		functions = (functions != null) ? List.copyOf(functions) : null;
		logitBias = (logitBias != null) ? WireMaps.copyMap(logitBias) : null;
		metadata = (metadata != null) ? WireMaps.copyMap(metadata) : null;
		modalities = (modalities != null) ? List.copyOf(modalities) : null;
		stop = (stop != null) ? List.copyOf(stop) : null;
		tools = (tools != null) ? List.copyOf(tools) : null;
		extraBody = WireMaps.copyMap(extraBody);
		extraHeaders = WireMaps.copyMap(extraHeaders);
		extraQuery = WireMaps.copyMap(extraQuery);
	}

	/**
	 * Describes the request without header values, which may hold credentials (Azure's
	 * {@code api-key}, for instance), and without message contents.
	 * @return a description
	 */
	@Override
	public String toString() {
		return "ChatCompletionRequest[model=" + this.model + ", messages=" + this.messages.size() + ", stream="
				+ this.stream + ", extraBody=" + this.extraBody.keySet() + ", extraHeaders="
				+ this.extraHeaders.keySet() + ", extraQuery=" + this.extraQuery.keySet() + ", timeout=" + this.timeout
				+ "]";
	}

	/**
	 * A builder for a request.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder initialised with this request's parameters, to derive a changed copy.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Builds {@link ChatCompletionRequest} values.
	 */
	public static final class Builder {

		private final List<Message> messages = new ArrayList<>();

		private @Nullable String model;

		private @Nullable AudioOptions audio;

		private @Nullable Double frequencyPenalty;

		private @Nullable FunctionCallOption functionCall;

		private @Nullable List<FunctionDefinition> functions;

		private @Nullable Map<String, Integer> logitBias;

		private @Nullable Boolean logprobs;

		private @Nullable Integer maxCompletionTokens;

		private @Nullable Integer maxTokens;

		private @Nullable Map<String, String> metadata;

		private @Nullable List<String> modalities;

		private @Nullable Integer n;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable Prediction prediction;

		private @Nullable Double presencePenalty;

		private @Nullable String promptCacheKey;

		private @Nullable String reasoningEffort;

		private @Nullable ResponseFormat responseFormat;

		private @Nullable String safetyIdentifier;

		private @Nullable Long seed;

		private @Nullable String serviceTier;

		private @Nullable List<String> stop;

		private @Nullable Boolean store;

		private @Nullable Boolean stream;

		private @Nullable StreamOptions streamOptions;

		private @Nullable Double temperature;

		private @Nullable ToolChoice toolChoice;

		private @Nullable List<Tool> tools;

		private @Nullable Integer topLogprobs;

		private @Nullable Double topP;

		private @Nullable String user;

		private @Nullable String verbosity;

		private @Nullable WebSearchOptions webSearchOptions;

		private final Map<String, JsonNode> extraBody = new LinkedHashMap<>();

		private final Map<String, String> extraHeaders = new LinkedHashMap<>();

		private final Map<String, String> extraQuery = new LinkedHashMap<>();

		private @Nullable Duration timeout;

		private Builder() {
		}

		private Builder(ChatCompletionRequest request) {
			this.messages.addAll(request.messages);
			this.model = request.model;
			this.audio = request.audio;
			this.frequencyPenalty = request.frequencyPenalty;
			this.functionCall = request.functionCall;
			this.functions = request.functions;
			this.logitBias = request.logitBias;
			this.logprobs = request.logprobs;
			this.maxCompletionTokens = request.maxCompletionTokens;
			this.maxTokens = request.maxTokens;
			this.metadata = request.metadata;
			this.modalities = request.modalities;
			this.n = request.n;
			this.parallelToolCalls = request.parallelToolCalls;
			this.prediction = request.prediction;
			this.presencePenalty = request.presencePenalty;
			this.promptCacheKey = request.promptCacheKey;
			this.reasoningEffort = request.reasoningEffort;
			this.responseFormat = request.responseFormat;
			this.safetyIdentifier = request.safetyIdentifier;
			this.seed = request.seed;
			this.serviceTier = request.serviceTier;
			this.stop = request.stop;
			this.store = request.store;
			this.stream = request.stream;
			this.streamOptions = request.streamOptions;
			this.temperature = request.temperature;
			this.toolChoice = request.toolChoice;
			this.tools = request.tools;
			this.topLogprobs = request.topLogprobs;
			this.topP = request.topP;
			this.user = request.user;
			this.verbosity = request.verbosity;
			this.webSearchOptions = request.webSearchOptions;
			this.extraBody.putAll(request.extraBody);
			this.extraHeaders.putAll(request.extraHeaders);
			this.extraQuery.putAll(request.extraQuery);
			this.timeout = request.timeout;
		}

		/**
		 * Sets the messages, replacing any set before.
		 * @param messages the conversation so far, oldest first
		 * @return this builder
		 */
		public Builder messages(List<? extends Message> messages) {
			this.messages.clear();
			this.messages.addAll(messages);
			return this;
		}

		/**
		 * Adds one message.
		 * @param message the message
		 * @return this builder
		 */
		public Builder message(Message message) {
			this.messages.add(message);
			return this;
		}

		/**
		 * Sets the model to use.
		 * @param model the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Sets voice and format of audio output.
		 * @param audio the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder audio(@Nullable AudioOptions audio) {
			this.audio = audio;
			return this;
		}

		/**
		 * Sets penalty for tokens by their frequency so far, -2.0 to 2.0.
		 * @param frequencyPenalty the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		/**
		 * Sets legacy: how the model may call {@code functions}.
		 * @param functionCall the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder functionCall(@Nullable FunctionCallOption functionCall) {
			this.functionCall = functionCall;
			return this;
		}

		/**
		 * Sets legacy: functions the model may call.
		 * @param functions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder functions(@Nullable List<FunctionDefinition> functions) {
			this.functions = functions;
			return this;
		}

		/**
		 * Sets bias added to the logits of token ids, -100 to 100.
		 * @param logitBias the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder logitBias(@Nullable Map<String, Integer> logitBias) {
			this.logitBias = logitBias;
			return this;
		}

		/**
		 * Sets whether to return log probabilities of the output tokens.
		 * @param logprobs the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder logprobs(@Nullable Boolean logprobs) {
			this.logprobs = logprobs;
			return this;
		}

		/**
		 * Sets upper bound of generated tokens, reasoning included.
		 * @param maxCompletionTokens the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder maxCompletionTokens(@Nullable Integer maxCompletionTokens) {
			this.maxCompletionTokens = maxCompletionTokens;
			return this;
		}

		/**
		 * Sets legacy upper bound of generated tokens.
		 * @param maxTokens the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * Sets key-value pairs stored with the completion.
		 * @param metadata the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder metadata(@Nullable Map<String, String> metadata) {
			this.metadata = metadata;
			return this;
		}

		/**
		 * Sets output types, such as {@code text} and {@code audio}.
		 * @param modalities the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder modalities(@Nullable List<String> modalities) {
			this.modalities = modalities;
			return this;
		}

		/**
		 * Sets how many choices to generate.
		 * @param n the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder n(@Nullable Integer n) {
			this.n = n;
			return this;
		}

		/**
		 * Sets whether the model may call several tools at once.
		 * @param parallelToolCalls the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		/**
		 * Sets predicted output.
		 * @param prediction the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder prediction(@Nullable Prediction prediction) {
			this.prediction = prediction;
			return this;
		}

		/**
		 * Sets penalty for tokens already present, -2.0 to 2.0.
		 * @param presencePenalty the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder presencePenalty(@Nullable Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		/**
		 * Sets key that groups similar requests for prompt caching.
		 * @param promptCacheKey the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder promptCacheKey(@Nullable String promptCacheKey) {
			this.promptCacheKey = promptCacheKey;
			return this;
		}

		/**
		 * Sets reasoning effort: {@code minimal}, {@code low}, {@code medium},
		 * {@code high}.
		 * @param reasoningEffort the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder reasoningEffort(@Nullable String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
			return this;
		}

		/**
		 * Sets output format: text, JSON object or JSON schema.
		 * @param responseFormat the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		/**
		 * Sets stable identifier of the end user for abuse detection.
		 * @param safetyIdentifier the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder safetyIdentifier(@Nullable String safetyIdentifier) {
			this.safetyIdentifier = safetyIdentifier;
			return this;
		}

		/**
		 * Sets seed for best-effort deterministic sampling.
		 * @param seed the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Sets processing tier: {@code auto}, {@code default}, {@code flex},
		 * {@code priority}.
		 * @param serviceTier the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder serviceTier(@Nullable String serviceTier) {
			this.serviceTier = serviceTier;
			return this;
		}

		/**
		 * Sets up to four sequences where generation stops.
		 * @param stop the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder stop(@Nullable List<String> stop) {
			this.stop = stop;
			return this;
		}

		/**
		 * Sets whether the provider stores the completion.
		 * @param store the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder store(@Nullable Boolean store) {
			this.store = store;
			return this;
		}

		/**
		 * Sets whether the response is streamed; set by the client.
		 * @param stream the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder stream(@Nullable Boolean stream) {
			this.stream = stream;
			return this;
		}

		/**
		 * Sets streaming options such as {@code include_usage}.
		 * @param streamOptions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder streamOptions(@Nullable StreamOptions streamOptions) {
			this.streamOptions = streamOptions;
			return this;
		}

		/**
		 * Sets sampling temperature, 0 to 2.
		 * @param temperature the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		/**
		 * Sets how the model may use tools.
		 * @param toolChoice the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		/**
		 * Sets tools the model may call.
		 * @param tools the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder tools(@Nullable List<Tool> tools) {
			this.tools = tools;
			return this;
		}

		/**
		 * Sets how many likely tokens to return per position, 0 to 20.
		 * @param topLogprobs the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder topLogprobs(@Nullable Integer topLogprobs) {
			this.topLogprobs = topLogprobs;
			return this;
		}

		/**
		 * Sets nucleus sampling probability mass.
		 * @param topP the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		/**
		 * Sets legacy end-user identifier (Albert uses it for server-side history).
		 * @param user the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder user(@Nullable String user) {
			this.user = user;
			return this;
		}

		/**
		 * Sets answer length: {@code low}, {@code medium}, {@code high}.
		 * @param verbosity the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder verbosity(@Nullable String verbosity) {
			this.verbosity = verbosity;
			return this;
		}

		/**
		 * Sets web search options for search models.
		 * @param webSearchOptions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder webSearchOptions(@Nullable WebSearchOptions webSearchOptions) {
			this.webSearchOptions = webSearchOptions;
			return this;
		}

		/**
		 * Sets fields added to the JSON body as they are, overriding modelled fields of
		 * the same name (provider extensions such as Albert's {@code search}), replacing
		 * any set before.
		 * @param extraBody the values
		 * @return this builder
		 */
		public Builder extraBody(Map<String, ? extends JsonNode> extraBody) {
			this.extraBody.clear();
			this.extraBody.putAll(extraBody);
			return this;
		}

		/**
		 * Adds one of fields added to the JSON body as they are, overriding modelled
		 * fields of the same name (provider extensions such as Albert's {@code search}).
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraBodyField(String name, JsonNode value) {
			this.extraBody.put(name, value);
			return this;
		}

		/**
		 * Sets HTTP headers added to this request, replacing any set before.
		 * @param extraHeaders the values
		 * @return this builder
		 */
		public Builder extraHeaders(Map<String, ? extends String> extraHeaders) {
			this.extraHeaders.clear();
			this.extraHeaders.putAll(extraHeaders);
			return this;
		}

		/**
		 * Adds one of HTTP headers added to this request.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraHeader(String name, String value) {
			this.extraHeaders.put(name, value);
			return this;
		}

		/**
		 * Sets query parameters added to this request's URL, replacing any set before.
		 * @param extraQuery the values
		 * @return this builder
		 */
		public Builder extraQuery(Map<String, ? extends String> extraQuery) {
			this.extraQuery.clear();
			this.extraQuery.putAll(extraQuery);
			return this;
		}

		/**
		 * Adds one of query parameters added to this request's URL.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraQueryParam(String name, String value) {
			this.extraQuery.put(name, value);
			return this;
		}

		/**
		 * Sets total time allowed for this request, overriding the client's.
		 * @param timeout the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Builds the request.
		 * @return the request
		 */
		public ChatCompletionRequest build() {
			return new ChatCompletionRequest(this.messages, this.model, this.audio, this.frequencyPenalty,
					this.functionCall, this.functions, this.logitBias, this.logprobs, this.maxCompletionTokens,
					this.maxTokens, this.metadata, this.modalities, this.n, this.parallelToolCalls, this.prediction,
					this.presencePenalty, this.promptCacheKey, this.reasoningEffort, this.responseFormat,
					this.safetyIdentifier, this.seed, this.serviceTier, this.stop, this.store, this.stream,
					this.streamOptions, this.temperature, this.toolChoice, this.tools, this.topLogprobs, this.topP,
					this.user, this.verbosity, this.webSearchOptions, this.extraBody, this.extraHeaders,
					this.extraQuery, this.timeout);
		}

	}

}
