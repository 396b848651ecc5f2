package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.Collections;
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
	private @Nullable Options options;

	/**
	 * Time limits of calls.
	 */
	private @Nullable Timeouts timeouts;

	/**
	 * Retries of failed calls.
	 */
	private @Nullable Retry retry;

	/**
	 * Azure OpenAI settings, used when the provider is azure.
	 */
	private @Nullable Azure azure;

	/**
	 * TLS settings of the connection's HTTP client.
	 */
	private @Nullable Ssl ssl;

	/**
	 * HTTP proxy that the connection's requests go through.
	 */
	private @Nullable Proxy proxy;

	public @Nullable Ssl getSsl() {
		return this.ssl;
	}

	public void setSsl(@Nullable Ssl ssl) {
		this.ssl = ssl;
	}

	public @Nullable Proxy getProxy() {
		return this.proxy;
	}

	public void setProxy(@Nullable Proxy proxy) {
		this.proxy = proxy;
	}

	public @Nullable Options getOptions() {
		return this.options;
	}

	public void setOptions(@Nullable Options options) {
		this.options = options;
	}

	public @Nullable Timeouts getTimeouts() {
		return this.timeouts;
	}

	public void setTimeouts(@Nullable Timeouts timeouts) {
		this.timeouts = timeouts;
	}

	public @Nullable Retry getRetry() {
		return this.retry;
	}

	public void setRetry(@Nullable Retry retry) {
		this.retry = retry;
	}

	public @Nullable Azure getAzure() {
		return this.azure;
	}

	public void setAzure(@Nullable Azure azure) {
		this.azure = azure;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[provider=" + this.provider + ", baseUrl=" + this.baseUrl + ", apiKey="
				+ ((this.apiKey != null) ? "******" : "none") + ", model=" + this.model + "]";
	}

	/**
	 * Default request options of the connection's conversations; a turn can override
	 * each. Unset when no {@code options.*} key is set.
	 *
	 * @param temperature Sampling temperature between 0 and 2; lower is more
	 * deterministic.
	 * @param topP Nucleus sampling probability mass between 0 and 1.
	 * @param maxTokens Legacy upper bound of generated tokens (max_tokens), for servers
	 * without max_completion_tokens.
	 * @param maxCompletionTokens Upper bound of generated tokens, reasoning tokens
	 * included (max_completion_tokens).
	 * @param reasoningEffort Reasoning effort of reasoning models: minimal, low, medium
	 * or high.
	 * @param seed Seed for best-effort deterministic sampling.
	 * @param stop Up to four sequences where the model stops generating.
	 * @param user End-user identifier sent as the user field.
	 * @param responseFormat Output format of replies: text or json_object.
	 * @param frequencyPenalty Penalty between -2 and 2 for tokens by how often they
	 * appeared so far.
	 * @param presencePenalty Penalty between -2 and 2 for tokens that already appeared.
	 * @param includeUsage Whether streamed responses end with a usage chunk
	 * (stream_options.include_usage); default true.
	 * @param extraBody Extra fields added to the body of every conversation request, for
	 * provider extensions; a value that is a JSON literal such as true, 42 or {"a":1} is
	 * sent as that JSON, any other as a string.
	 * @param extraHeaders HTTP headers added to every conversation request, replacing
	 * connection headers of the same name.
	 */
	public record Options(@Nullable Double temperature, @Nullable Double topP, @Nullable Integer maxTokens,
			@Nullable Integer maxCompletionTokens, @Nullable String reasoningEffort, @Nullable Long seed,
			@Nullable List<String> stop, @Nullable String user, @Nullable String responseFormat,
			@Nullable Double frequencyPenalty, @Nullable Double presencePenalty, @Nullable Boolean includeUsage,
			@Nullable Map<String, Object> extraBody, @Nullable Map<String, String> extraHeaders) {

		public Options {
			extraBody = (extraBody != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(extraBody)) : Map.of();
			extraHeaders = (extraHeaders != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders))
					: Map.of();
		}

	}

	/**
	 * Time limits; unset when no {@code timeouts.*} key is set.
	 *
	 * @param connect Time allowed to establish a connection (default 10s; 0 for no
	 * limit).
	 * @param firstByte Time allowed from sending a request to the start of the response,
	 * which without streaming includes the whole generation (default no limit; 0 for no
	 * limit).
	 * @param streamIdle Longest gap between two stream events, keep-alive comments not
	 * counting (default 2m; 0 for no limit).
	 * @param total Time allowed for a whole call, retries included (default 10m; 0 for no
	 * limit).
	 */
	public record Timeouts(@Nullable Duration connect, @Nullable Duration firstByte, @Nullable Duration streamIdle,
			@Nullable Duration total) {

	}

	/**
	 * Retry settings; unset when no {@code retry.*} key is set.
	 *
	 * @param maxAttempts Attempts per call, the first included; 1 turns retries off
	 * (default 3).
	 * @param initialBackoff Delay before the first retry, before jitter (default 500ms).
	 * @param maxBackoff Longest delay of the client's own exponential backoff (default
	 * 8s).
	 * @param maxRetryAfter Longest server-requested Retry-After delay honoured; a longer
	 * one fails at once (default 60s).
	 */
	public record Retry(@Nullable Integer maxAttempts, @Nullable Duration initialBackoff, @Nullable Duration maxBackoff,
			@Nullable Duration maxRetryAfter) {

	}

	/**
	 * TLS settings; unset when no {@code ssl.*} key is set.
	 *
	 * @param bundle Name of the SSL bundle (spring.ssl.bundle.*) that the connection
	 * trusts and presents, such as one holding a private CA; defaults to
	 * spring.http.clients.ssl.bundle, then to the JDK's trust store.
	 */
	public record Ssl(@Nullable String bundle) {

	}

	/**
	 * HTTP proxy settings; unset when no {@code proxy.*} key is set.
	 *
	 * @param host Host name or address of the HTTP proxy, reached with CONNECT for https
	 * servers; no proxy when unset.
	 * @param port Port of the HTTP proxy.
	 * @param username User name sent to the proxy with basic authentication.
	 * @param password Password sent to the proxy with basic authentication.
	 * @param nonProxyHosts Regular expression of the host names reached directly rather
	 * than through the proxy, such as localhost|.*\.internal.
	 */
	public record Proxy(@Nullable String host, @Nullable Integer port, @Nullable String username,
			@Nullable String password, @Nullable String nonProxyHosts) {

	}

	/**
	 * Azure OpenAI settings; unset when no {@code azure.*} key is set.
	 *
	 * @param apiVersion Value of the api-version query parameter sent with every request
	 * to Azure OpenAI (default 2024-10-21).
	 */
	public record Azure(@Nullable String apiVersion) {

	}

}
