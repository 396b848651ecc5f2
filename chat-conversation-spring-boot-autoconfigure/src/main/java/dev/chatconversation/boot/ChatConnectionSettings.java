package dev.chatconversation.boot;

import java.util.Map;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.client.provider.ProviderProfiles;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The immutable settings of one connection to a Chat Completions server. Start from
 * {@link #defaults(String)}, where every default is defined, and change it with the
 * {@code withX} methods; the auto-configuration does the same, applying {@code chat.*}
 * and then a named connection's own {@code chat.connections.<name>.*} over it.
 *
 * @param name the connection name, {@link #DEFAULT} for {@code chat.*}
 * @param baseUrl the base URL with its version path, or {@code null} when the connection
 * only makes conversations for a client of the application's own
 * @param apiKey the API key, if any
 * @param organization the OpenAI organization, if any
 * @param project the OpenAI project, if any
 * @param headers headers sent with every request
 * @param timeouts the time limits
 * @param retryPolicy the retry policy
 * @param maxResponseSize the largest response or event, in bytes, or {@code null} for the
 * client's default
 * @param maxConnections the connection pool limit, or {@code null} for the client's
 * default (a pool shared by such clients)
 * @param requestDefaults the request every turn starts from (model and options)
 * @param systemPrompt the system message of new conversations, if any
 * @param provider the provider profile, {@link ProviderProfiles#GENERIC} when none is set
 */
public record ChatConnectionSettings(String name, @Nullable String baseUrl, @Nullable String apiKey,
		@Nullable String organization, @Nullable String project, Map<String, String> headers, Timeouts timeouts,
		RetryPolicy retryPolicy, @Nullable Integer maxResponseSize, @Nullable Integer maxConnections,
		ChatCompletionRequest requestDefaults, @Nullable String systemPrompt, ProviderProfile provider) {

	/** The name of the connection configured by {@code chat.*}. */
	public static final String DEFAULT = "default";

	public ChatConnectionSettings {
		headers = Map.copyOf(headers);
	}

	/**
	 * The settings of a connection that sets nothing: no base URL or credentials, the
	 * client's {@link Timeouts#DEFAULTS} and {@link RetryPolicy#DEFAULTS}, requests that
	 * ask for usage at the end of streams, the generic provider.
	 * @param name the connection name
	 * @return the settings
	 */
	public static ChatConnectionSettings defaults(String name) {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.streamOptions(StreamOptions.withUsage())
			.build();
		return new ChatConnectionSettings(name, null, null, null, null, Map.of(), Timeouts.DEFAULTS,
				RetryPolicy.DEFAULTS, null, null, request, null, ProviderProfiles.GENERIC);
	}

	/**
	 * A copy with another base URL.
	 * @param baseUrl the base URL with its version path
	 * @return the copy
	 */
	public ChatConnectionSettings withBaseUrl(@Nullable String baseUrl) {
		return new ChatConnectionSettings(this.name, baseUrl, this.apiKey, this.organization, this.project,
				this.headers, this.timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections,
				this.requestDefaults, this.systemPrompt, this.provider);
	}

	/**
	 * A copy with other credentials.
	 * @param apiKey the API key, if any
	 * @param organization the OpenAI organization, if any
	 * @param project the OpenAI project, if any
	 * @return the copy
	 */
	public ChatConnectionSettings withCredentials(@Nullable String apiKey, @Nullable String organization,
			@Nullable String project) {
		return new ChatConnectionSettings(this.name, this.baseUrl, apiKey, organization, project, this.headers,
				this.timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections, this.requestDefaults,
				this.systemPrompt, this.provider);
	}

	/**
	 * A copy with other headers.
	 * @param headers headers sent with every request
	 * @return the copy
	 */
	public ChatConnectionSettings withHeaders(Map<String, String> headers) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				headers, this.timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections,
				this.requestDefaults, this.systemPrompt, this.provider);
	}

	/**
	 * A copy with other time limits.
	 * @param timeouts the time limits
	 * @return the copy
	 */
	public ChatConnectionSettings withTimeouts(Timeouts timeouts) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				this.headers, timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections,
				this.requestDefaults, this.systemPrompt, this.provider);
	}

	/**
	 * A copy with another retry policy.
	 * @param retryPolicy the retry policy
	 * @return the copy
	 */
	public ChatConnectionSettings withRetryPolicy(RetryPolicy retryPolicy) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				this.headers, this.timeouts, retryPolicy, this.maxResponseSize, this.maxConnections,
				this.requestDefaults, this.systemPrompt, this.provider);
	}

	/**
	 * A copy with other limits.
	 * @param maxResponseSize the largest response or event, in bytes, or {@code null} for
	 * the client's default
	 * @param maxConnections the connection pool limit, or {@code null} for the client's
	 * default
	 * @return the copy
	 */
	public ChatConnectionSettings withLimits(@Nullable Integer maxResponseSize, @Nullable Integer maxConnections) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				this.headers, this.timeouts, this.retryPolicy, maxResponseSize, maxConnections, this.requestDefaults,
				this.systemPrompt, this.provider);
	}

	/**
	 * A copy whose conversations start from other request defaults and system prompt.
	 * @param requestDefaults the request every turn starts from (model and options)
	 * @param systemPrompt the system message of new conversations, if any
	 * @return the copy
	 */
	public ChatConnectionSettings withConversationDefaults(ChatCompletionRequest requestDefaults,
			@Nullable String systemPrompt) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				this.headers, this.timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections,
				requestDefaults, systemPrompt, this.provider);
	}

	/**
	 * A copy with another provider profile.
	 * @param provider the provider profile
	 * @return the copy
	 */
	public ChatConnectionSettings withProvider(ProviderProfile provider) {
		return new ChatConnectionSettings(this.name, this.baseUrl, this.apiKey, this.organization, this.project,
				this.headers, this.timeouts, this.retryPolicy, this.maxResponseSize, this.maxConnections,
				this.requestDefaults, this.systemPrompt, provider);
	}

	/**
	 * A client builder with these settings, starting from the given
	 * {@link WebClient.Builder}.
	 * @param webClientBuilder the builder to clone, such as Spring Boot's
	 * @return the client builder
	 * @throws IllegalStateException if these settings have no base URL
	 */
	public ChatCompletionsClient.Builder clientBuilder(WebClient.Builder webClientBuilder) {
		if (this.baseUrl == null) {
			throw new IllegalStateException("The chat connection '" + this.name + "' has no base URL");
		}
		ChatCompletionsClient.Builder builder = ChatCompletionsClient.builder()
			.baseUrl(this.baseUrl)
			.apiKey(this.apiKey)
			.organization(this.organization)
			.project(this.project)
			.webClientBuilder(webClientBuilder)
			.timeouts(this.timeouts)
			.retryPolicy(this.retryPolicy)
			.provider(this.provider);
		if (this.maxResponseSize != null) {
			builder.maxResponseSize(this.maxResponseSize);
		}
		if (this.maxConnections != null) {
			builder.maxConnections(this.maxConnections);
		}
		this.headers.forEach(builder::defaultHeader);
		return builder;
	}

	@Override
	public String toString() {
		return "ChatConnectionSettings[name=" + this.name + ", provider=" + this.provider + ", baseUrl=" + this.baseUrl
				+ ", apiKey=" + ((this.apiKey != null) ? "******" : "none") + ", model=" + this.requestDefaults.model()
				+ "]";
	}

}
