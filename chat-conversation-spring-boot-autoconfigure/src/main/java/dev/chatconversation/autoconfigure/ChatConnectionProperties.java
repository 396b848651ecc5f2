package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The settings of one connection to a Chat Completions server: the unnamed default
 * ({@code chat.*}) or a named one ({@code chat.connections.<name>.*}). A named connection
 * takes every value it leaves unset from the default, except that a named connection
 * whose {@code provider} differs from the default's takes neither its endpoint nor its
 * credentials ({@code base-url}, {@code api-key}, {@code organization}, {@code project},
 * {@code headers}), which belong to another provider.
 */
public class ChatConnectionProperties {

	/**
	 * Provider profile that adapts requests to what the server accepts and supplies its
	 * public base URL: openai, azure, gemini, deepseek, ollama, vllm, groq, mistral,
	 * openrouter, albert or generic (default); a named connection whose provider differs
	 * from the default's inherits none of its base URL, API key, organization, project
	 * and headers.
	 */
	private @Nullable String provider;

	/**
	 * Base URL of the Chat Completions API with its version path, such as
	 * https://api.openai.com/v1 or http://localhost:11434/v1; defaults to the provider's
	 * public endpoint.
	 */
	private @Nullable String baseUrl;

	/**
	 * API key sent as a bearer token, or in the api-key header for Azure OpenAI; leave
	 * unset for servers that need none, such as Ollama or vLLM.
	 */
	private @Nullable String apiKey;

	/**
	 * Model of the connection's conversations, unless a turn names another; required.
	 */
	private @Nullable String model;

	/**
	 * OpenAI organization id sent in the OpenAI-Organization header.
	 */
	private @Nullable String organization;

	/**
	 * OpenAI project id sent in the OpenAI-Project header.
	 */
	private @Nullable String project;

	/**
	 * System message that starts every new conversation.
	 */
	private @Nullable String systemPrompt;

	/**
	 * Largest non-streaming response body, and largest single stream event, accepted
	 * (default 16MB).
	 */
	private @Nullable DataSize maxResponseSize;

	/**
	 * Largest number of connections open at once to the server, each stream holding one
	 * until its reply ends; further calls wait (default 10000).
	 */
	private @Nullable Integer maxConnections;

	/**
	 * HTTP headers sent with every request of the connection, by its conversations and by
	 * direct client calls.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	public @Nullable String getProvider() {
		return this.provider;
	}

	public void setProvider(@Nullable String provider) {
		this.provider = provider;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getModel() {
		return this.model;
	}

	public void setModel(@Nullable String model) {
		this.model = model;
	}

	public @Nullable String getOrganization() {
		return this.organization;
	}

	public void setOrganization(@Nullable String organization) {
		this.organization = organization;
	}

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
		this.project = project;
	}

	public @Nullable String getSystemPrompt() {
		return this.systemPrompt;
	}

	public void setSystemPrompt(@Nullable String systemPrompt) {
		this.systemPrompt = systemPrompt;
	}

	public @Nullable DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(@Nullable DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	/**
	 * Default request options of the connection's conversations.
	 */
	private final Options options = new Options();

	/**
	 * Time limits of calls.
	 */
	private final Timeouts timeouts = new Timeouts();

	/**
	 * Retries of failed calls.
	 */
	private final Retry retry = new Retry();

	/**
	 * Azure OpenAI settings, used when the provider is azure.
	 */
	private final Azure azure = new Azure();

	public Options getOptions() {
		return this.options;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Azure getAzure() {
		return this.azure;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "******" : "none") + ", model=" + this.model + "]";
	}

	/**
	 * Default request options of the connection's conversations; a turn can override
	 * each.
	 */
	public static class Options {

		/**
		 * Sampling temperature between 0 and 2; lower is more deterministic.
		 */
		private @Nullable Double temperature;

		/**
		 * Nucleus sampling probability mass between 0 and 1.
		 */
		private @Nullable Double topP;

		/**
		 * Legacy upper bound of generated tokens (max_tokens), for servers without
		 * max_completion_tokens.
		 */
		private @Nullable Integer maxTokens;

		/**
		 * Upper bound of generated tokens, reasoning tokens included
		 * (max_completion_tokens).
		 */
		private @Nullable Integer maxCompletionTokens;

		/**
		 * Reasoning effort of reasoning models: minimal, low, medium or high.
		 */
		private @Nullable String reasoningEffort;

		/**
		 * Seed for best-effort deterministic sampling.
		 */
		private @Nullable Long seed;

		/**
		 * Up to four sequences where the model stops generating.
		 */
		private @Nullable List<String> stop;

		/**
		 * End-user identifier sent as the user field.
		 */
		private @Nullable String user;

		/**
		 * Output format of replies: text or json_object.
		 */
		private @Nullable String responseFormat;

		/**
		 * Penalty between -2 and 2 for tokens by how often they appeared so far.
		 */
		private @Nullable Double frequencyPenalty;

		/**
		 * Penalty between -2 and 2 for tokens that already appeared.
		 */
		private @Nullable Double presencePenalty;

		/**
		 * Whether streamed responses end with a usage chunk
		 * (stream_options.include_usage); default true.
		 */
		private @Nullable Boolean includeUsage;

		/**
		 * Extra fields added to the body of every conversation request, for provider
		 * extensions; a value that is a JSON literal such as true, 42 or {"a":1} is sent
		 * as that JSON, any other as a string.
		 */
		private Map<String, Object> extraBody = new LinkedHashMap<>();

		/**
		 * HTTP headers added to every conversation request, replacing connection headers
		 * of the same name.
		 */
		private Map<String, String> extraHeaders = new LinkedHashMap<>();

		public @Nullable Double getTemperature() {
			return this.temperature;
		}

		public void setTemperature(@Nullable Double temperature) {
			this.temperature = temperature;
		}

		public @Nullable Double getTopP() {
			return this.topP;
		}

		public void setTopP(@Nullable Double topP) {
			this.topP = topP;
		}

		public @Nullable Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public @Nullable Integer getMaxCompletionTokens() {
			return this.maxCompletionTokens;
		}

		public void setMaxCompletionTokens(@Nullable Integer maxCompletionTokens) {
			this.maxCompletionTokens = maxCompletionTokens;
		}

		public @Nullable String getReasoningEffort() {
			return this.reasoningEffort;
		}

		public void setReasoningEffort(@Nullable String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
		}

		public @Nullable Long getSeed() {
			return this.seed;
		}

		public void setSeed(@Nullable Long seed) {
			this.seed = seed;
		}

		public @Nullable List<String> getStop() {
			return this.stop;
		}

		public void setStop(@Nullable List<String> stop) {
			this.stop = stop;
		}

		public @Nullable String getUser() {
			return this.user;
		}

		public void setUser(@Nullable String user) {
			this.user = user;
		}

		public @Nullable String getResponseFormat() {
			return this.responseFormat;
		}

		public void setResponseFormat(@Nullable String responseFormat) {
			this.responseFormat = responseFormat;
		}

		public @Nullable Double getFrequencyPenalty() {
			return this.frequencyPenalty;
		}

		public void setFrequencyPenalty(@Nullable Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
		}

		public @Nullable Double getPresencePenalty() {
			return this.presencePenalty;
		}

		public void setPresencePenalty(@Nullable Double presencePenalty) {
			this.presencePenalty = presencePenalty;
		}

		public @Nullable Boolean getIncludeUsage() {
			return this.includeUsage;
		}

		public void setIncludeUsage(@Nullable Boolean includeUsage) {
			this.includeUsage = includeUsage;
		}

		public Map<String, Object> getExtraBody() {
			return this.extraBody;
		}

		public void setExtraBody(Map<String, Object> extraBody) {
			this.extraBody = extraBody;
		}

		public Map<String, String> getExtraHeaders() {
			return this.extraHeaders;
		}

		public void setExtraHeaders(Map<String, String> extraHeaders) {
			this.extraHeaders = extraHeaders;
		}

	}

	/**
	 * Time limits.
	 */
	public static class Timeouts {

		/**
		 * Time allowed to establish a connection (default 10s; 0 for no limit).
		 */
		private @Nullable Duration connect;

		/**
		 * Time allowed from sending a request to the start of the response, which without
		 * streaming includes the whole generation (default no limit; 0 for no limit).
		 */
		private @Nullable Duration firstByte;

		/**
		 * Longest gap between two stream events, keep-alive comments not counting
		 * (default 2m; 0 for no limit).
		 */
		private @Nullable Duration streamIdle;

		/**
		 * Time allowed for a whole call, retries included (default 10m; 0 for no limit).
		 */
		private @Nullable Duration total;

		public @Nullable Duration getConnect() {
			return this.connect;
		}

		public void setConnect(@Nullable Duration connect) {
			this.connect = connect;
		}

		public @Nullable Duration getFirstByte() {
			return this.firstByte;
		}

		public void setFirstByte(@Nullable Duration firstByte) {
			this.firstByte = firstByte;
		}

		public @Nullable Duration getStreamIdle() {
			return this.streamIdle;
		}

		public void setStreamIdle(@Nullable Duration streamIdle) {
			this.streamIdle = streamIdle;
		}

		public @Nullable Duration getTotal() {
			return this.total;
		}

		public void setTotal(@Nullable Duration total) {
			this.total = total;
		}

	}

	/**
	 * Retry settings.
	 */
	public static class Retry {

		/**
		 * Attempts per call, the first included; 1 turns retries off (default 3).
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Delay before the first retry, before jitter (default 500ms).
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Longest delay of the client's own exponential backoff (default 8s).
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * Longest server-requested Retry-After delay honoured; a longer one fails at once
		 * (default 60s).
		 */
		private @Nullable Duration maxRetryAfter;

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * Azure OpenAI settings.
	 */
	public static class Azure {

		/**
		 * Value of the api-version query parameter sent with every request to Azure
		 * OpenAI (default 2024-10-21).
		 */
		private @Nullable String apiVersion;

		public @Nullable String getApiVersion() {
			return this.apiVersion;
		}

		public void setApiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
		}

	}

}
