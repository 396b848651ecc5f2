package dev.chatconversation.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.provider.ProviderProfiles;
import dev.chatconversation.client.routing.RoutingChatCompletionsClient;

import org.springframework.beans.factory.BeanFactory;

/**
 * Makes the default client route by model when named connections or fallback models are
 * configured: {@code <name>/<model>} goes to the connection of that name, or to the only
 * connection whose provider has that name, and {@code chat.fallback-models} are tried in
 * order when a model fails before answering.
 */
final class ChatModelRouting {

	private ChatModelRouting() {
	}

	/**
	 * The default connection's client, wrapped in a {@link RoutingChatCompletionsClient}
	 * when there is anything to route to.
	 * @param mapper the mapped properties
	 * @param defaults the default connection's settings
	 * @param client the default connection's client
	 * @param beanFactory the factory holding the named connections' clients
	 * @return the client to expose as the default {@code ChatCompletionsClient}
	 */
	static ChatCompletionsClient defaultClient(ChatPropertiesMapper mapper, ChatConnectionSettings defaults,
			ChatCompletionsClient client, BeanFactory beanFactory) {
		Map<String, ChatConnectionSettings> named = mapper.namedConnections();
		List<String> fallbackModels = mapper.fallbackModels();
		if (named.isEmpty() && fallbackModels.isEmpty()) {
			return client;
		}
		Map<String, ChatCompletionsClient> clients = new LinkedHashMap<>();
		Map<String, List<String>> byProvider = new LinkedHashMap<>();
		clients.put(defaults.name(), client);
		byProvider.computeIfAbsent(defaults.provider().name(), (key) -> new ArrayList<>()).add(defaults.name());
		named.forEach((name, settings) -> {
			clients.put(name, beanFactory.getBean(name + "ChatCompletionsClient", ChatCompletionsClient.class));
			byProvider.computeIfAbsent(settings.provider().name(), (key) -> new ArrayList<>()).add(name);
		});
		RoutingChatCompletionsClient.Builder routing = RoutingChatCompletionsClient.builder(client)
			.fallbackModels(fallbackModels);
		clients.forEach(routing::route);
		byProvider.forEach((provider, connections) -> {
			boolean unambiguous = connections.size() == 1 && !clients.containsKey(provider)
					&& !provider.equals(ProviderProfiles.GENERIC.name());
			if (unambiguous) {
				routing.route(provider, clients.get(connections.get(0)));
			}
		});
		return routing.build();
	}

}
