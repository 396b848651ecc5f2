package dev.chatconversation.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.provider.ProviderProfile;

/**
 * Turns {@link ChatProperties} into validated {@link ChatConnectionSettings}. A
 * connection's settings are {@link ChatConnectionSettings#defaults(String) the defaults}
 * with {@code chat.*} applied over them and, for a named connection, its own
 * {@code chat.connections.<name>.*} applied over that: each {@link PropertiesLayer} keeps
 * what it leaves unset. A named connection whose provider differs from the default's
 * takes none of the default's base URL, credentials and headers.
 */
final class ChatPropertiesMapper {

	private final ChatProperties properties;

	ChatPropertiesMapper(ChatProperties properties) {
		this.properties = properties;
	}

	ChatConnectionSettings defaultConnection() {
		return map(ChatConnectionSettings.DEFAULT, "chat.", this.properties, true);
	}

	/**
	 * The default connection's settings for conversations, also when the application
	 * supplies its own client and {@code chat.base-url} is not set.
	 */
	ChatConnectionSettings conversationDefaults() {
		return map(ChatConnectionSettings.DEFAULT, "chat.", this.properties, this.properties.getBaseUrl() != null);
	}

	/**
	 * The models the default client tries in order when a model fails, from
	 * {@code chat.fallback-models}.
	 */
	List<String> fallbackModels() {
		List<String> models = this.properties.getFallbackModels();
		for (int i = 0; i < models.size(); i++) {
			String model = models.get(i);
			if (model == null || model.isBlank()) {
				throw new InvalidChatPropertiesException("chat.fallback-models[" + i + "]", model,
						"a fallback model cannot be blank",
						"Set each of chat.fallback-models to a model such as gpt-4o-mini, or to "
								+ "<connection>/<model> for a model of a named connection.");
			}
		}
		return models.stream().map(String::strip).toList();
	}

	Map<String, ChatConnectionSettings> namedConnections() {
		Map<String, ChatConnectionSettings> named = new LinkedHashMap<>();
		this.properties.getConnections()
			.forEach((name, connection) -> named.put(name,
					map(name, "chat.connections." + name + ".", connection, true)));
		return named;
	}

	private ChatConnectionSettings map(String name, String prefix, ChatConnectionProperties own,
			boolean requireBaseUrl) {
		ChatConnectionProperties base = this.properties;
		ProviderProfile provider = ConnectionProviders.provider(prefix, own, base);
		ChatConnectionSettings settings = ChatConnectionSettings.defaults(name).withProvider(provider);
		if (own != base) {
			// a connection to another provider must not get the default's key or headers
			settings = new PropertiesLayer("chat.", base).applyTo(settings,
					ConnectionProviders.sameProvider(own, base));
		}
		settings = new PropertiesLayer(prefix, own).applyTo(settings, true);
		return requireEndpointAndModel(prefix, settings, requireBaseUrl);
	}

	private static ChatConnectionSettings requireEndpointAndModel(String prefix, ChatConnectionSettings settings,
			boolean requireBaseUrl) {
		String baseUrl = (settings.baseUrl() != null) ? settings.baseUrl() : settings.provider().defaultBaseUrl();
		if (requireBaseUrl && (baseUrl == null || baseUrl.isBlank())) {
			throw ConnectionProviders.missingBaseUrl(prefix, settings.provider());
		}
		String model = settings.requestDefaults().model();
		if (model == null || model.isBlank()) {
			throw new InvalidChatPropertiesException(prefix + "model", null, "a connection needs a model",
					"Set " + prefix + "model to the model to use, for example gpt-4o-mini or llama3.2.");
		}
		if (baseUrl == null || !requireBaseUrl) {
			return settings.withBaseUrl(baseUrl);
		}
		try {
			ChatCompletionsClient.validateBaseUrl(baseUrl.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidChatPropertiesException(prefix + "base-url", baseUrl.strip(), ex.getMessage(),
					"Set " + prefix + "base-url to an absolute http or https URL with its version path, "
							+ "for example https://api.openai.com/v1.");
		}
		return settings.withBaseUrl(baseUrl.strip());
	}

}
