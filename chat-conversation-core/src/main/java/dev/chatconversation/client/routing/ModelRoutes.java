package dev.chatconversation.client.routing;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;

/**
 * Resolves a model as written ({@code gpt-4o-mini}, {@code ollama/llama3.2}) to the
 * client that serves it and the model name that client sends.
 */
final class ModelRoutes {

	private final ChatCompletionsClient defaultClient;

	private final Map<String, ChatCompletionsClient> routes;

	ModelRoutes(ChatCompletionsClient defaultClient, Map<String, ChatCompletionsClient> routes) {
		this.defaultClient = defaultClient;
		this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
	}

	/**
	 * The route of a model: {@code name/model} goes to the client named {@code name} with
	 * {@code model}, when a route has that name; any other model, including OpenRouter's
	 * {@code vendor/model} names, goes to the default client unchanged.
	 */
	Route resolve(String written) {
		int slash = written.indexOf('/');
		if (slash > 0 && slash < written.length() - 1) {
			ChatCompletionsClient client = this.routes.get(written.substring(0, slash));
			if (client != null) {
				return new Route(client, written.substring(slash + 1), written);
			}
		}
		return new Route(this.defaultClient, written, written);
	}

	ChatCompletionsClient defaultClient() {
		return this.defaultClient;
	}

	Set<String> names() {
		return this.routes.keySet();
	}

	Map<String, ChatCompletionsClient> routes() {
		return this.routes;
	}

	/**
	 * Every distinct client, the default first.
	 */
	Set<ChatCompletionsClient> clients() {
		Set<ChatCompletionsClient> clients = Collections.newSetFromMap(new IdentityHashMap<>());
		clients.add(this.defaultClient);
		clients.addAll(this.routes.values());
		return clients;
	}

	/**
	 * Where one candidate model goes.
	 *
	 * @param client the client that serves it
	 * @param model the model name that client sends
	 * @param written the model as the caller wrote it, recorded on the answer
	 */
	record Route(ChatCompletionsClient client, String model, String written) {

		ChatCompletionRequest apply(ChatCompletionRequest request) {
			return this.model.equals(request.model()) ? request : request.mutate().model(this.model).build();
		}

	}

}
