package dev.chatconversation.client.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.routing.ModelRoutes.Route;
import dev.chatconversation.observation.ChatClientObservationContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A {@link ChatCompletionsClient} that sends each request to one of several clients by
 * its model, and tries fallback models in order when a model fails before answering, in
 * the manner of onellm.
 *
 * <p>
 * <strong>Routing.</strong> A model written {@code name/model}, such as
 * {@code deepseek/deepseek-chat} or {@code ollama/llama3.2}, goes to the client routed as
 * {@code name}, which receives {@code model}. Only route names count: any other model,
 * OpenRouter's {@code openai/gpt-4o} included, goes to the default client unchanged.
 *
 * <p>
 * <strong>Fallbacks.</strong> When the request's model fails with a transient error that
 * outlasted its client's retries (connection errors, 408, 409, 429, 5xx), a 404 (model
 * not found) or a timeout, the {@link #fallbackModels() fallback models} are tried in
 * order, each routed the same way. A stream falls back only while none of its chunks has
 * been emitted; after the first chunk a failure is the caller's, so no text is ever
 * duplicated or mixed. Other failures (400, 401, 403, 422) are not retried elsewhere.
 * When every model fails, the last failure is raised with the earlier ones
 * {@linkplain Throwable#getSuppressed() suppressed}.
 *
 * <p>
 * <strong>Which model answered.</strong> The answer's {@code model} field stays the
 * provider's. The model as written that answered (the request's, or the fallback's) is
 * added as the {@value #ROUTED_MODEL} field of the completion's {@code extra} map, and of
 * the first chunk's for streams, which an accumulated completion keeps; read it with
 * {@link #routedModel(ChatCompletion)}.
 *
 * <p>
 * Calls are cold like every client's. Instances are immutable and thread-safe.
 */
public final class RoutingChatCompletionsClient implements ChatCompletionsClient {

	/** The {@code extra} field that records which model, as written, answered. */
	public static final String ROUTED_MODEL = "routed_model";

	private static final Log logger = LogFactory.getLog(RoutingChatCompletionsClient.class);

	private final ModelRoutes routes;

	private final List<String> fallbackModels;

	private RoutingChatCompletionsClient(ModelRoutes routes, List<String> fallbackModels) {
		this.routes = routes;
		this.fallbackModels = List.copyOf(fallbackModels);
	}

	/**
	 * A builder of a routing client.
	 * @param defaultClient the client of models that name no route
	 * @return a new builder
	 */
	public static Builder builder(ChatCompletionsClient defaultClient) {
		return new Builder(defaultClient);
	}

	/**
	 * The model, as written, that produced a completion of a routing client.
	 * @param completion a completion, or a stream accumulated into one
	 * @return the model, or {@code null} if no routing client produced it
	 */
	public static @Nullable String routedModel(ChatCompletion completion) {
		JsonNode routed = completion.extra().get(ROUTED_MODEL);
		return (routed != null && routed.isString()) ? routed.stringValue() : null;
	}

	/**
	 * A copy of this client with other fallback models, sharing its clients, for one
	 * conversation or one call.
	 * @param fallbackModels the models to try in order, written as for a request
	 * @return the copy
	 */
	public RoutingChatCompletionsClient withFallbacks(List<String> fallbackModels) {
		return new RoutingChatCompletionsClient(this.routes, checked(fallbackModels));
	}

	/**
	 * The models tried, in order, when the request's model fails.
	 * @return the fallback models
	 */
	public List<String> fallbackModels() {
		return this.fallbackModels;
	}

	/**
	 * The route names a model can start with, as {@code name/model}.
	 * @return the names
	 */
	public Set<String> routeNames() {
		return this.routes.names();
	}

	/**
	 * Creates a completion, falling back to the next model as described above; the
	 * request is sent on subscription, and cancelling cancels the current attempt.
	 */
	@Override
	public Mono<ChatCompletion> create(ChatCompletionRequest request) {
		return Mono.defer(() -> {
			List<String> candidates = candidates(request);
			if (candidates.isEmpty()) {
				return this.routes.defaultClient().create(request);
			}
			List<Throwable> failures = new ArrayList<>();
			return create(request, candidates, 0, failures).onErrorMap((ex) -> withSuppressed(ex, failures));
		});
	}

	private Mono<ChatCompletion> create(ChatCompletionRequest request, List<String> candidates, int index,
			List<Throwable> failures) {
		Route route = this.routes.resolve(candidates.get(index));
		Mono<ChatCompletion> attempt = route.client()
			.create(route.apply(request))
			.contextWrite((context) -> context.put(ChatClientObservationContext.FALLBACKS_KEY, index))
			.map((completion) -> RoutedResponses.tag(completion, route.written()));
		if (index + 1 == candidates.size()) {
			return attempt;
		}
		return attempt.onErrorResume(FallbackCondition::allows, (ex) -> {
			fallingBack(route, candidates.get(index + 1), ex, failures);
			return create(request, candidates, index + 1, failures);
		});
	}

	/**
	 * Streams a completion, falling back to the next model only while no chunk has been
	 * emitted; the request is sent on subscription, and cancelling closes the current
	 * attempt's connection.
	 */
	@Override
	public Flux<ChatCompletionChunk> stream(ChatCompletionRequest request) {
		return Flux.defer(() -> {
			List<String> candidates = candidates(request);
			if (candidates.isEmpty()) {
				return this.routes.defaultClient().stream(request);
			}
			List<Throwable> failures = new ArrayList<>();
			return stream(request, candidates, 0, failures).onErrorMap((ex) -> withSuppressed(ex, failures));
		});
	}

	private Flux<ChatCompletionChunk> stream(ChatCompletionRequest request, List<String> candidates, int index,
			List<Throwable> failures) {
		return Flux.defer(() -> {
			Route route = this.routes.resolve(candidates.get(index));
			AtomicBoolean emitted = new AtomicBoolean();
			Flux<ChatCompletionChunk> attempt = route.client()
				.stream(route.apply(request))
				.contextWrite((context) -> context.put(ChatClientObservationContext.FALLBACKS_KEY, index))
				.map((chunk) -> emitted.getAndSet(true) ? chunk : RoutedResponses.tag(chunk, route.written()));
			if (index + 1 == candidates.size()) {
				return attempt;
			}
			return attempt.onErrorResume((ex) -> !emitted.get() && FallbackCondition.allows(ex), (ex) -> {
				fallingBack(route, candidates.get(index + 1), ex, failures);
				return stream(request, candidates, index + 1, failures);
			});
		});
	}

	private List<String> candidates(ChatCompletionRequest request) {
		String model = request.model();
		if (model == null || model.isBlank()) {
			return List.of();
		}
		Set<String> candidates = new LinkedHashSet<>();
		candidates.add(model);
		candidates.addAll(this.fallbackModels);
		return List.copyOf(candidates);
	}

	private static void fallingBack(Route route, String next, Throwable failure, List<Throwable> failures) {
		failures.add(failure);
		if (logger.isInfoEnabled()) {
			logger.info("Model '" + route.written() + "' failed (" + FallbackCondition.describe(failure)
					+ "); trying fallback model '" + next + "'");
		}
	}

	private static Throwable withSuppressed(Throwable last, List<Throwable> failures) {
		for (Throwable failure : failures) {
			if (failure != last) {
				last.addSuppressed(failure);
			}
		}
		return last;
	}

	/**
	 * A builder for the default route's client; routes and fallback models are not part
	 * of it.
	 */
	@Override
	public ChatCompletionsClient.Builder mutate() {
		return this.routes.defaultClient().mutate();
	}

	/**
	 * Closes the default client and every routed client.
	 */
	@Override
	public void close() {
		this.routes.clients().forEach(ChatCompletionsClient::close);
	}

	@Override
	public String toString() {
		return "RoutingChatCompletionsClient[default=" + this.routes.defaultClient() + ", routes=" + this.routes.names()
				+ ", fallbackModels=" + this.fallbackModels + "]";
	}

	private static List<String> checked(List<String> models) {
		List<String> checked = new ArrayList<>(models.size());
		for (String model : models) {
			if (model == null || model.isBlank()) {
				throw new IllegalArgumentException("A fallback model must not be blank: " + models);
			}
			checked.add(model.strip());
		}
		return checked;
	}

	/**
	 * Builds {@link RoutingChatCompletionsClient} instances.
	 */
	public static final class Builder {

		private final ChatCompletionsClient defaultClient;

		private final Map<String, ChatCompletionsClient> routes = new LinkedHashMap<>();

		private List<String> fallbackModels = List.of();

		private Builder(ChatCompletionsClient defaultClient) {
			this.defaultClient = Objects.requireNonNull(defaultClient, "defaultClient");
		}

		/**
		 * Routes the models written {@code name/model} to a client.
		 * @param name the route name, such as a connection or provider name; without
		 * {@code /}
		 * @param client the client, which receives the model without {@code name/}
		 * @return this builder
		 */
		public Builder route(String name, ChatCompletionsClient client) {
			if (name == null || name.isBlank() || name.contains("/")) {
				throw new IllegalArgumentException("A route name must be non-blank and without '/': " + name);
			}
			this.routes.put(name.strip(), Objects.requireNonNull(client, "client"));
			return this;
		}

		/**
		 * Sets the models tried in order when the request's model fails, replacing any
		 * set before.
		 * @param fallbackModels the models, written as for a request
		 * @return this builder
		 */
		public Builder fallbackModels(List<String> fallbackModels) {
			this.fallbackModels = checked(fallbackModels);
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 */
		public RoutingChatCompletionsClient build() {
			return new RoutingChatCompletionsClient(new ModelRoutes(this.defaultClient, this.routes),
					this.fallbackModels);
		}

	}

}
