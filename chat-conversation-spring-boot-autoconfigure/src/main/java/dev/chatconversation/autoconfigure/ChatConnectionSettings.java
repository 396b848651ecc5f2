package dev.chatconversation.autoconfigure;

import java.util.Map;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.ProviderProfile;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The immutable, validated settings of one connection, mapped from properties by
 * {@link ChatPropertiesMapper}.
 *
 * @param name the connection name, {@code default} for {@code chat.*}
 * @param baseUrl the base URL
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
 * @param provider the provider profile, {@link ProviderProfile#GENERIC} when none is set
 */
public record ChatConnectionSettings(String name, String baseUrl, @Nullable String apiKey,
		@Nullable String organization, @Nullable String project, Map<String, String> headers, Timeouts timeouts,
		RetryPolicy retryPolicy, @Nullable Integer maxResponseSize, @Nullable Integer maxConnections,
		ChatCompletionRequest requestDefaults, @Nullable String systemPrompt, ProviderProfile provider) {

	/** The name of the connection configured by {@code chat.*}. */
	public static final String DEFAULT = "default";

	/**
	 * A client builder with these settings, starting from the given
	 * {@link WebClient.Builder}.
	 * @param webClientBuilder the builder to clone, such as Spring Boot's
	 * @return the client builder
	 */
	public ChatCompletionsClient.Builder clientBuilder(WebClient.Builder webClientBuilder) {
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
