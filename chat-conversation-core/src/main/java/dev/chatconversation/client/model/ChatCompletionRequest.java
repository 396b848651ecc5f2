package dev.chatconversation.client.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A Chat Completions request with every parameter of the official SDK's
 * {@code chat.completions.create}. Unset ({@code null}) parameters are not sent.
 *
 * <p>
 * Requests are immutable and built only through {@link #builder()} or {@link #mutate()},
 * so that new API parameters can be added without breaking code compiled against an
 * earlier version.
 *
 * <p>
 * Provider extensions need no code change: {@link #extraBody()} adds JSON fields, and the
 * request's {@link #options() HTTP options} add headers and query parameters and bound
 * this request's total time. The HTTP options are never part of the JSON body.
 */
@JsonSerialize(using = RequestBodySerializer.class)
public final class ChatCompletionRequest {

	private final List<Message> messages;

	// set parameters only, in wire order; every value is immutable
	private final EnumMap<RequestParameter, Object> parameters;

	private final Map<String, JsonNode> extraBody;

	private final RequestOptions options;

	private ChatCompletionRequest(Builder builder) {
		this.messages = List.copyOf(builder.messages);
		this.parameters = new EnumMap<>(builder.parameters);
		this.parameters.replaceAll((parameter, value) -> immutable(value));
		this.extraBody = WireMaps.copyMap(builder.extraBody);
		this.options = builder.options();
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
	 * The conversation so far, oldest first.
	 * @return the messages
	 */
	public List<Message> messages() {
		return this.messages;
	}

	/**
	 * The model to use.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String model() {
		return get(RequestParameter.MODEL);
	}

	/**
	 * The voice and format of audio output.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable AudioOptions audio() {
		return get(RequestParameter.AUDIO);
	}

	/**
	 * The penalty for tokens by their frequency so far, -2.0 to 2.0.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Double frequencyPenalty() {
		return get(RequestParameter.FREQUENCY_PENALTY);
	}

	/**
	 * Legacy: how the model may call {@code functions}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable FunctionCallOption functionCall() {
		return get(RequestParameter.FUNCTION_CALL);
	}

	/**
	 * Legacy: functions the model may call.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable List<FunctionDefinition> functions() {
		return get(RequestParameter.FUNCTIONS);
	}

	/**
	 * The bias added to the logits of token ids, -100 to 100.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Map<String, Integer> logitBias() {
		return get(RequestParameter.LOGIT_BIAS);
	}

	/**
	 * Whether to return log probabilities of the output tokens.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Boolean logprobs() {
		return get(RequestParameter.LOGPROBS);
	}

	/**
	 * The upper bound of generated tokens, reasoning included.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Integer maxCompletionTokens() {
		return get(RequestParameter.MAX_COMPLETION_TOKENS);
	}

	/**
	 * The legacy upper bound of generated tokens.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Integer maxTokens() {
		return get(RequestParameter.MAX_TOKENS);
	}

	/**
	 * The key-value pairs stored with the completion.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Map<String, String> metadata() {
		return get(RequestParameter.METADATA);
	}

	/**
	 * The output types, such as {@code text} and {@code audio}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable List<String> modalities() {
		return get(RequestParameter.MODALITIES);
	}

	/**
	 * The how many choices to generate.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Integer n() {
		return get(RequestParameter.N);
	}

	/**
	 * Whether the model may call several tools at once.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Boolean parallelToolCalls() {
		return get(RequestParameter.PARALLEL_TOOL_CALLS);
	}

	/**
	 * The predicted output.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Prediction prediction() {
		return get(RequestParameter.PREDICTION);
	}

	/**
	 * The penalty for tokens already present, -2.0 to 2.0.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Double presencePenalty() {
		return get(RequestParameter.PRESENCE_PENALTY);
	}

	/**
	 * The key that groups similar requests for prompt caching.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String promptCacheKey() {
		return get(RequestParameter.PROMPT_CACHE_KEY);
	}

	/**
	 * The reasoning effort: {@code minimal}, {@code low}, {@code medium}, {@code high}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String reasoningEffort() {
		return get(RequestParameter.REASONING_EFFORT);
	}

	/**
	 * The output format: text, JSON object or JSON schema.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable ResponseFormat responseFormat() {
		return get(RequestParameter.RESPONSE_FORMAT);
	}

	/**
	 * The stable identifier of the end user for abuse detection.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String safetyIdentifier() {
		return get(RequestParameter.SAFETY_IDENTIFIER);
	}

	/**
	 * The seed for best-effort deterministic sampling.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Long seed() {
		return get(RequestParameter.SEED);
	}

	/**
	 * The processing tier: {@code auto}, {@code default}, {@code flex}, {@code priority}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String serviceTier() {
		return get(RequestParameter.SERVICE_TIER);
	}

	/**
	 * The up to four sequences where generation stops.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable List<String> stop() {
		return get(RequestParameter.STOP);
	}

	/**
	 * Whether the provider stores the completion.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Boolean store() {
		return get(RequestParameter.STORE);
	}

	/**
	 * Whether the response is streamed; set by the client.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Boolean stream() {
		return get(RequestParameter.STREAM);
	}

	/**
	 * The streaming options such as {@code include_usage}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable StreamOptions streamOptions() {
		return get(RequestParameter.STREAM_OPTIONS);
	}

	/**
	 * The sampling temperature, 0 to 2.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Double temperature() {
		return get(RequestParameter.TEMPERATURE);
	}

	/**
	 * The how the model may use tools.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable ToolChoice toolChoice() {
		return get(RequestParameter.TOOL_CHOICE);
	}

	/**
	 * The tools the model may call.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable List<Tool> tools() {
		return get(RequestParameter.TOOLS);
	}

	/**
	 * The how many likely tokens to return per position, 0 to 20.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Integer topLogprobs() {
		return get(RequestParameter.TOP_LOGPROBS);
	}

	/**
	 * The nucleus sampling probability mass.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable Double topP() {
		return get(RequestParameter.TOP_P);
	}

	/**
	 * The legacy end-user identifier (Albert uses it for server-side history).
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String user() {
		return get(RequestParameter.USER);
	}

	/**
	 * The answer length: {@code low}, {@code medium}, {@code high}.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable String verbosity() {
		return get(RequestParameter.VERBOSITY);
	}

	/**
	 * The web search options for search models.
	 * @return the value, or {@code null} when unset and left out of the body
	 */
	public @Nullable WebSearchOptions webSearchOptions() {
		return get(RequestParameter.WEB_SEARCH_OPTIONS);
	}

	/**
	 * The fields added to the JSON body as they are, overriding modelled fields of the
	 * same name (provider extensions such as Albert's {@code search}).
	 * @return the fields, in the order they were added
	 */
	public Map<String, JsonNode> extraBody() {
		return this.extraBody;
	}

	/**
	 * The HTTP options of this request: extra headers, extra query parameters and
	 * timeout.
	 * @return the options, {@link RequestOptions#none()} when none are set
	 */
	public RequestOptions options() {
		return this.options;
	}

	/**
	 * The HTTP headers added to this request; short for {@code options().extraHeaders()}.
	 * @return the headers
	 */
	public Map<String, String> extraHeaders() {
		return this.options.extraHeaders();
	}

	/**
	 * The query parameters added to this request's URL; short for
	 * {@code options().extraQuery()}.
	 * @return the parameters
	 */
	public Map<String, String> extraQuery() {
		return this.options.extraQuery();
	}

	/**
	 * The total time allowed for this request, overriding the client's; short for
	 * {@code options().timeout()}.
	 * @return the timeout, or {@code null} for the client's
	 */
	public @Nullable Duration timeout() {
		return this.options.timeout();
	}

	/**
	 * The set parameters, in wire order, for the body serializer.
	 */
	Map<RequestParameter, Object> parameters() {
		return this.parameters;
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T get(RequestParameter parameter) {
		return (T) this.parameters.get(parameter);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof ChatCompletionRequest that && this.messages.equals(that.messages)
				&& this.parameters.equals(that.parameters) && this.extraBody.equals(that.extraBody)
				&& this.options.equals(that.options));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.messages, this.parameters, this.extraBody, this.options);
	}

	/**
	 * Describes the request without header values, which may hold credentials (Azure's
	 * {@code api-key}, for instance), and without message contents.
	 * @return a description
	 */
	@Override
	public String toString() {
		return "ChatCompletionRequest[model=" + model() + ", messages=" + this.messages.size() + ", stream=" + stream()
				+ ", extraBody=" + this.extraBody.keySet() + ", extraHeaders=" + this.options.extraHeaders().keySet()
				+ ", extraQuery=" + this.options.extraQuery().keySet() + ", timeout=" + this.options.timeout() + "]";
	}

	private static Object immutable(Object value) {
		if (value instanceof List<?> list) {
			return List.copyOf(list);
		}
		if (value instanceof Map<?, ?> map) {
			return WireMaps.copyMap(map);
		}
		return value;
	}

	/**
	 * Builds {@link ChatCompletionRequest} values. Lists and maps are copied when the
	 * request is built.
	 */
	public static final class Builder {

		private final List<Message> messages = new ArrayList<>();

		private final EnumMap<RequestParameter, Object> parameters = new EnumMap<>(RequestParameter.class);

		private final Map<String, JsonNode> extraBody = new LinkedHashMap<>();

		private RequestOptions options = RequestOptions.none();

		// created on the first change of an HTTP option
		private RequestOptions.@Nullable Builder optionChanges;

		private Builder() {
		}

		private Builder(ChatCompletionRequest request) {
			this.messages.addAll(request.messages);
			this.parameters.putAll(request.parameters);
			this.extraBody.putAll(request.extraBody);
			this.options = request.options;
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
			return set(RequestParameter.MODEL, model);
		}

		/**
		 * Sets voice and format of audio output.
		 * @param audio the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder audio(@Nullable AudioOptions audio) {
			return set(RequestParameter.AUDIO, audio);
		}

		/**
		 * Sets penalty for tokens by their frequency so far, -2.0 to 2.0.
		 * @param frequencyPenalty the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
			return set(RequestParameter.FREQUENCY_PENALTY, frequencyPenalty);
		}

		/**
		 * Sets legacy: how the model may call {@code functions}.
		 * @param functionCall the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder functionCall(@Nullable FunctionCallOption functionCall) {
			return set(RequestParameter.FUNCTION_CALL, functionCall);
		}

		/**
		 * Sets legacy: functions the model may call.
		 * @param functions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder functions(@Nullable List<FunctionDefinition> functions) {
			return set(RequestParameter.FUNCTIONS, functions);
		}

		/**
		 * Sets bias added to the logits of token ids, -100 to 100.
		 * @param logitBias the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder logitBias(@Nullable Map<String, Integer> logitBias) {
			return set(RequestParameter.LOGIT_BIAS, logitBias);
		}

		/**
		 * Sets whether to return log probabilities of the output tokens.
		 * @param logprobs the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder logprobs(@Nullable Boolean logprobs) {
			return set(RequestParameter.LOGPROBS, logprobs);
		}

		/**
		 * Sets upper bound of generated tokens, reasoning included.
		 * @param maxCompletionTokens the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder maxCompletionTokens(@Nullable Integer maxCompletionTokens) {
			return set(RequestParameter.MAX_COMPLETION_TOKENS, maxCompletionTokens);
		}

		/**
		 * Sets legacy upper bound of generated tokens.
		 * @param maxTokens the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			return set(RequestParameter.MAX_TOKENS, maxTokens);
		}

		/**
		 * Sets key-value pairs stored with the completion.
		 * @param metadata the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder metadata(@Nullable Map<String, String> metadata) {
			return set(RequestParameter.METADATA, metadata);
		}

		/**
		 * Sets output types, such as {@code text} and {@code audio}.
		 * @param modalities the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder modalities(@Nullable List<String> modalities) {
			return set(RequestParameter.MODALITIES, modalities);
		}

		/**
		 * Sets how many choices to generate.
		 * @param n the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder n(@Nullable Integer n) {
			return set(RequestParameter.N, n);
		}

		/**
		 * Sets whether the model may call several tools at once.
		 * @param parallelToolCalls the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			return set(RequestParameter.PARALLEL_TOOL_CALLS, parallelToolCalls);
		}

		/**
		 * Sets predicted output.
		 * @param prediction the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder prediction(@Nullable Prediction prediction) {
			return set(RequestParameter.PREDICTION, prediction);
		}

		/**
		 * Sets penalty for tokens already present, -2.0 to 2.0.
		 * @param presencePenalty the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder presencePenalty(@Nullable Double presencePenalty) {
			return set(RequestParameter.PRESENCE_PENALTY, presencePenalty);
		}

		/**
		 * Sets key that groups similar requests for prompt caching.
		 * @param promptCacheKey the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder promptCacheKey(@Nullable String promptCacheKey) {
			return set(RequestParameter.PROMPT_CACHE_KEY, promptCacheKey);
		}

		/**
		 * Sets reasoning effort: {@code minimal}, {@code low}, {@code medium},
		 * {@code high}.
		 * @param reasoningEffort the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder reasoningEffort(@Nullable String reasoningEffort) {
			return set(RequestParameter.REASONING_EFFORT, reasoningEffort);
		}

		/**
		 * Sets output format: text, JSON object or JSON schema.
		 * @param responseFormat the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			return set(RequestParameter.RESPONSE_FORMAT, responseFormat);
		}

		/**
		 * Sets stable identifier of the end user for abuse detection.
		 * @param safetyIdentifier the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder safetyIdentifier(@Nullable String safetyIdentifier) {
			return set(RequestParameter.SAFETY_IDENTIFIER, safetyIdentifier);
		}

		/**
		 * Sets seed for best-effort deterministic sampling.
		 * @param seed the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder seed(@Nullable Long seed) {
			return set(RequestParameter.SEED, seed);
		}

		/**
		 * Sets processing tier: {@code auto}, {@code default}, {@code flex},
		 * {@code priority}.
		 * @param serviceTier the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder serviceTier(@Nullable String serviceTier) {
			return set(RequestParameter.SERVICE_TIER, serviceTier);
		}

		/**
		 * Sets up to four sequences where generation stops.
		 * @param stop the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder stop(@Nullable List<String> stop) {
			return set(RequestParameter.STOP, stop);
		}

		/**
		 * Sets whether the provider stores the completion.
		 * @param store the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder store(@Nullable Boolean store) {
			return set(RequestParameter.STORE, store);
		}

		/**
		 * Sets whether the response is streamed; set by the client.
		 * @param stream the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder stream(@Nullable Boolean stream) {
			return set(RequestParameter.STREAM, stream);
		}

		/**
		 * Sets streaming options such as {@code include_usage}.
		 * @param streamOptions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder streamOptions(@Nullable StreamOptions streamOptions) {
			return set(RequestParameter.STREAM_OPTIONS, streamOptions);
		}

		/**
		 * Sets sampling temperature, 0 to 2.
		 * @param temperature the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder temperature(@Nullable Double temperature) {
			return set(RequestParameter.TEMPERATURE, temperature);
		}

		/**
		 * Sets how the model may use tools.
		 * @param toolChoice the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			return set(RequestParameter.TOOL_CHOICE, toolChoice);
		}

		/**
		 * Sets tools the model may call.
		 * @param tools the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder tools(@Nullable List<Tool> tools) {
			return set(RequestParameter.TOOLS, tools);
		}

		/**
		 * Sets how many likely tokens to return per position, 0 to 20.
		 * @param topLogprobs the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder topLogprobs(@Nullable Integer topLogprobs) {
			return set(RequestParameter.TOP_LOGPROBS, topLogprobs);
		}

		/**
		 * Sets nucleus sampling probability mass.
		 * @param topP the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder topP(@Nullable Double topP) {
			return set(RequestParameter.TOP_P, topP);
		}

		/**
		 * Sets legacy end-user identifier (Albert uses it for server-side history).
		 * @param user the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder user(@Nullable String user) {
			return set(RequestParameter.USER, user);
		}

		/**
		 * Sets answer length: {@code low}, {@code medium}, {@code high}.
		 * @param verbosity the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder verbosity(@Nullable String verbosity) {
			return set(RequestParameter.VERBOSITY, verbosity);
		}

		/**
		 * Sets web search options for search models.
		 * @param webSearchOptions the value, or {@code null} to leave it out
		 * @return this builder
		 */
		public Builder webSearchOptions(@Nullable WebSearchOptions webSearchOptions) {
			return set(RequestParameter.WEB_SEARCH_OPTIONS, webSearchOptions);
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
		 * Sets the HTTP options, replacing every extra header, extra query parameter and
		 * timeout set before.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(RequestOptions options) {
			this.options = Objects.requireNonNull(options, "options");
			this.optionChanges = null;
			return this;
		}

		/**
		 * Sets HTTP headers added to this request, replacing any set before.
		 * @param extraHeaders the values
		 * @return this builder
		 * @see RequestOptions.Builder#extraHeaders(Map)
		 */
		public Builder extraHeaders(Map<String, ? extends String> extraHeaders) {
			optionChanges().extraHeaders(extraHeaders);
			return this;
		}

		/**
		 * Adds one HTTP header to this request.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 * @see RequestOptions.Builder#extraHeader(String, String)
		 */
		public Builder extraHeader(String name, String value) {
			optionChanges().extraHeader(name, value);
			return this;
		}

		/**
		 * Sets query parameters added to this request's URL, replacing any set before.
		 * @param extraQuery the values
		 * @return this builder
		 * @see RequestOptions.Builder#extraQuery(Map)
		 */
		public Builder extraQuery(Map<String, ? extends String> extraQuery) {
			optionChanges().extraQuery(extraQuery);
			return this;
		}

		/**
		 * Adds one query parameter to this request's URL.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 * @see RequestOptions.Builder#extraQueryParam(String, String)
		 */
		public Builder extraQueryParam(String name, String value) {
			optionChanges().extraQueryParam(name, value);
			return this;
		}

		/**
		 * Sets the total time allowed for this request, overriding the client's.
		 * @param timeout the value, or {@code null} for the client's
		 * @return this builder
		 * @see RequestOptions.Builder#timeout(Duration)
		 */
		public Builder timeout(@Nullable Duration timeout) {
			optionChanges().timeout(timeout);
			return this;
		}

		/**
		 * Builds the request.
		 * @return the request
		 */
		public ChatCompletionRequest build() {
			return new ChatCompletionRequest(this);
		}

		private Builder set(RequestParameter parameter, @Nullable Object value) {
			if (value != null) {
				this.parameters.put(parameter, value);
			}
			else {
				this.parameters.remove(parameter);
			}
			return this;
		}

		private RequestOptions.Builder optionChanges() {
			if (this.optionChanges == null) {
				this.optionChanges = this.options.mutate();
			}
			return this.optionChanges;
		}

		private RequestOptions options() {
			return (this.optionChanges != null) ? this.optionChanges.build() : this.options;
		}

	}

}
