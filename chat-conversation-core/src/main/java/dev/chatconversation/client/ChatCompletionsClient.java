package dev.chatconversation.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.observation.ChatClientObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A client for any OpenAI Chat Completions-compatible server (OpenAI, Azure OpenAI,
 * Gemini's OpenAI endpoint, DeepSeek, Ollama, vLLM, Groq, Mistral, OpenRouter,
 * Albert...), on Spring {@link WebClient} and Reactor Netty.
 *
 * <p>
 * Calls are cold: nothing is sent until subscription, and each subscription sends the
 * request again. Failures are {@link ChatCompletionsException}s; retries follow the
 * client's {@link RetryPolicy}. Instances are immutable and thread-safe;
 * {@link #mutate()} derives a changed copy.
 */
public interface ChatCompletionsClient extends AutoCloseable {

	/**
	 * Creates a completion without streaming.
	 *
	 * <p>
	 * The request is sent on subscription; retryable failures are retried before the
	 * {@code Mono} fails. Cancelling closes the connection.
	 * @param request the request; its {@code stream} field is ignored
	 * @return the completion
	 */
	Mono<ChatCompletion> create(ChatCompletionRequest request);

	/**
	 * Streams a completion as chunks.
	 *
	 * <p>
	 * The request is sent on subscription, with {@code stream: true}. The {@code Flux}
	 * completes after {@code [DONE]}; it fails with a {@link StreamErrorException} when
	 * the server reports an error in the stream or the stream ends without {@code [DONE]}
	 * or a finish reason. Failures before the first chunk are retried; after it, never,
	 * so text is not duplicated. Cancelling closes the connection at once.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatCompletionChunk> stream(ChatCompletionRequest request);

	/**
	 * A builder initialised with this client's settings.
	 * @return a new builder
	 */
	Builder mutate();

	/**
	 * Releases the client's own connection pool, if it has one; the shared default pool
	 * stays open.
	 */
	@Override
	void close();

	/**
	 * Checks a base URL the way {@link Builder#build()} does, for configuration that
	 * wants to fail early.
	 * @param baseUrl the base URL
	 * @throws IllegalArgumentException naming what is wrong, if it is missing or not an
	 * absolute {@code http} or {@code https} URL without query or fragment
	 */
	static void validateBaseUrl(@Nullable String baseUrl) {
		ClientSettings.normalize(baseUrl);
	}

	/**
	 * A builder for a client.
	 * @return a new builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds {@link ChatCompletionsClient} instances.
	 */
	final class Builder {

		@Nullable String baseUrl;

		@Nullable String apiKey;

		@Nullable String organization;

		@Nullable String project;

		final Map<String, String> defaultHeaders = new LinkedHashMap<>();

		WebClient.@Nullable Builder webClientBuilder;

		@Nullable HttpClient httpClient;

		@Nullable Function<HttpClient, ClientHttpConnector> clientConnector;

		Timeouts timeouts = Timeouts.DEFAULTS;

		RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;

		int maxResponseSize = ClientSettings.DEFAULT_MAX_RESPONSE_SIZE;

		@Nullable Integer maxConnections;

		ProviderProfile provider = ProviderProfile.GENERIC;

		ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		@Nullable ChatClientObservationConvention observationConvention;

		Builder() {
		}

		/**
		 * Sets the base URL as the official SDKs take it, with its version path and with
		 * or without a trailing slash: {@code https://api.openai.com/v1},
		 * {@code http://localhost:11434/v1},
		 * {@code https://generativelanguage.googleapis.com/v1beta/openai}. The client
		 * appends {@code /chat/completions}. Without one, the provider profile's
		 * {@link ProviderProfile#defaultBaseUrl() default base URL} is used.
		 * @param baseUrl the base URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the API key, sent as {@code Authorization: Bearer <key>} or where the
		 * {@link #provider(ProviderProfile) provider profile} puts it (Azure OpenAI's
		 * {@code api-key} header).
		 * @param apiKey the key, or {@code null} for servers that need none
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * Sets the {@code OpenAI-Organization} header.
		 * @param organization the organization id, or {@code null}
		 * @return this builder
		 */
		public Builder organization(@Nullable String organization) {
			this.organization = organization;
			return this;
		}

		/**
		 * Sets the {@code OpenAI-Project} header.
		 * @param project the project id, or {@code null}
		 * @return this builder
		 */
		public Builder project(@Nullable String project) {
			this.project = project;
			return this;
		}

		/**
		 * Adds a header sent with every request.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder defaultHeader(String name, String value) {
			this.defaultHeaders.put(name, value);
			return this;
		}

		/**
		 * Starts from a {@link WebClient.Builder}, such as Spring Boot's, so that its
		 * filters, codecs and observation settings apply. The builder is cloned, never
		 * changed.
		 * @param webClientBuilder the builder to start from
		 * @return this builder
		 */
		public Builder webClientBuilder(WebClient.Builder webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		/**
		 * Uses a Reactor Netty {@link HttpClient} of your own (proxy, TLS, pool), instead
		 * of the client's default one. Its connection pool then limits concurrent calls,
		 * and the connect timeout of {@link #timeouts(Timeouts)} is not applied to it.
		 * @param httpClient the HTTP client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Builds the connector from the client's Reactor Netty {@link HttpClient}, the
		 * default one with its pool, event loops, connect timeout and credentials or the
		 * one of {@link #httpClient(HttpClient)}, instead of wrapping it as it is: for
		 * example through Spring Boot's {@code ClientHttpConnectorBuilder}, so that its
		 * SSL bundles and customizers apply. The connector should send through the given
		 * client or one derived from it, else its pool and credentials are not used.
		 * @param clientConnector makes the connector from the HTTP client
		 * @return this builder
		 */
		public Builder clientConnector(Function<HttpClient, ClientHttpConnector> clientConnector) {
			this.clientConnector = clientConnector;
			return this;
		}

		/**
		 * Sets the time limits; see {@link Timeouts#DEFAULTS}.
		 * @param timeouts the limits
		 * @return this builder
		 */
		public Builder timeouts(Timeouts timeouts) {
			this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
			return this;
		}

		/**
		 * Sets the retry policy; see {@link RetryPolicy#DEFAULTS} and
		 * {@link RetryPolicy#NONE}.
		 * @param retryPolicy the policy
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
			return this;
		}

		/**
		 * Sets the largest non-streaming response body, and the largest single stream
		 * event, in bytes (default 16 MB); larger ones fail with
		 * {@link ResponseTooLargeException}.
		 * @param maxResponseSize the limit in bytes
		 * @return this builder
		 */
		public Builder maxResponseSize(int maxResponseSize) {
			if (maxResponseSize <= 0) {
				throw new IllegalArgumentException("maxResponseSize must be positive but is " + maxResponseSize);
			}
			this.maxResponseSize = maxResponseSize;
			return this;
		}

		/**
		 * Sets how many connections to one server may be open at once (default 10,000);
		 * calls beyond it wait for a free connection. A value other than the default
		 * gives the client a connection pool of its own, released by {@link #close()}. In
		 * either pool a connection idle for 4 s is closed instead of reused: servers
		 * close idle keep-alive connections without telling the client (Node.js, uvicorn
		 * and Apache httpd after 5 s, nginx after 75 s), and a request sent on such a
		 * connection fails before any response. An {@link #httpClient(HttpClient) own
		 * HttpClient} brings its own pool and idle time.
		 * @param maxConnections the limit
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			if (maxConnections <= 0) {
				throw new IllegalArgumentException("maxConnections must be positive but is " + maxConnections);
			}
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * Sets the provider profile, which adapts requests to what the provider accepts
		 * and puts the API key where it expects it (default:
		 * {@link ProviderProfile#GENERIC}); see
		 * {@link dev.chatconversation.client.provider.ProviderProfiles}.
		 * @param provider the profile
		 * @return this builder
		 */
		public Builder provider(ProviderProfile provider) {
			this.provider = Objects.requireNonNull(provider, "provider");
			return this;
		}

		/**
		 * Sets the total timeout; a shortcut for {@link #timeouts(Timeouts)}.
		 * @param total the total time allowed per call, or {@code null} for none
		 * @return this builder
		 */
		public Builder totalTimeout(@Nullable Duration total) {
			this.timeouts = this.timeouts.withTotal(total);
			return this;
		}

		/**
		 * Observes every call as a {@code gen_ai.client.operation} (see
		 * {@link dev.chatconversation.observation.ChatObservationDocumentation}), from
		 * subscription until the response, the last chunk, an error or cancellation; a
		 * child of the observation in the subscriber's Reactor {@code Context}, if any.
		 * Message content is left out unless the {@link #observationConvention
		 * convention} includes it. Default: {@link ObservationRegistry#NOOP}, nothing
		 * observed.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * Replaces the convention that names and tags observations (default:
		 * {@link dev.chatconversation.observation.DefaultChatClientObservationConvention},
		 * without message content).
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder observationConvention(@Nullable ChatClientObservationConvention observationConvention) {
			this.observationConvention = observationConvention;
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws IllegalArgumentException if the base URL is missing or is not an
		 * absolute {@code http} or {@code https} URL
		 */
		public ChatCompletionsClient build() {
			ChatCompletionsClient client = new DefaultChatCompletionsClient(this);
			if (this.observationRegistry.isNoop()) {
				return client;
			}
			return new ObservedChatCompletionsClient(client, this.observationRegistry, this.observationConvention,
					this.provider);
		}

	}

}
