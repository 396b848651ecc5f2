package dev.chatconversation.autoconfigure;

import java.util.Locale;

import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.client.provider.ProviderProfiles;
import org.jspecify.annotations.Nullable;

/**
 * Which provider profile a connection uses, and whether it may take the default
 * connection's endpoint and credentials; part of {@link ChatPropertiesMapper}.
 */
final class ConnectionProviders {

	private ConnectionProviders() {
	}

	/**
	 * The provider profile of a connection: its own {@code provider}, else the default's,
	 * else the generic one; Azure's with the configured {@code api-version}.
	 */
	static ProviderProfile provider(String prefix, ChatConnectionProperties own, ChatConnectionProperties base) {
		String name = orElse(own.getProvider(), base.getProvider());
		if (name == null || name.isBlank()) {
			return ProviderProfiles.GENERIC;
		}
		String property = origin(prefix, own.getProvider()) + "provider";
		if (!ProviderProfiles.isKnown(name)) {
			throw new InvalidChatPropertiesException(property, name, "no provider profile has that name",
					"Set " + property + " to one of " + String.join(", ", ProviderProfiles.names())
							+ ", or leave it unset for any server that follows the OpenAI API.");
		}
		ProviderProfile profile = ProviderProfiles.named(name);
		String apiVersion = orElse(apiVersion(own), apiVersion(base));
		if (!profile.name().equals("azure") || apiVersion == null) {
			return profile;
		}
		if (apiVersion.isBlank()) {
			String where = origin(prefix, apiVersion(own)) + "azure.api-version";
			throw new InvalidChatPropertiesException(where, apiVersion, "the api-version cannot be blank",
					"Set " + where + " to an Azure OpenAI API version such as "
							+ ProviderProfiles.DEFAULT_AZURE_API_VERSION + ", or leave it unset for that default.");
		}
		return ProviderProfiles.azure(apiVersion);
	}

	/**
	 * Whether a connection talks to the same provider as the default connection, so that
	 * it may take the default's endpoint and credentials.
	 */
	static boolean sameProvider(ChatConnectionProperties own, ChatConnectionProperties base) {
		return own == base || own.getProvider() == null
				|| providerName(own.getProvider()).equals(providerName(base.getProvider()));
	}

	private static String providerName(@Nullable String provider) {
		return (provider == null || provider.isBlank()) ? ProviderProfiles.GENERIC.name()
				: provider.strip().toLowerCase(Locale.ROOT);
	}

	static InvalidChatPropertiesException missingBaseUrl(String prefix, ProviderProfile provider) {
		if (provider.name().equals("azure")) {
			return new InvalidChatPropertiesException(prefix + "base-url", null,
					"Azure OpenAI has no default base URL: each deployment has its own", "Set " + prefix
							+ "base-url to https://<resource>.openai.azure.com/openai/deployments/<deployment>.");
		}
		if (provider != ProviderProfiles.GENERIC) {
			return new InvalidChatPropertiesException(prefix + "base-url", null,
					"the " + provider.name() + " provider has no default base URL",
					"Set " + prefix + "base-url to the server's URL with its version path, "
							+ "for example http://localhost:8000/v1.");
		}
		return new InvalidChatPropertiesException(prefix + "base-url", null, "a connection needs a base URL",
				"Set " + prefix + "base-url to the server's URL with its version path, "
						+ "for example https://api.openai.com/v1 or http://localhost:11434/v1, " + "or set " + prefix
						+ "provider to a provider such as openai or ollama.");
	}

	/**
	 * The prefix of the property a value came from: the connection's own, or
	 * {@code chat.} when it was inherited.
	 */
	private static String origin(String prefix, @Nullable Object own) {
		return (own != null) ? prefix : "chat.";
	}

	private static <T> @Nullable T orElse(@Nullable T own, @Nullable T base) {
		return (own != null) ? own : base;
	}

	private static @Nullable String apiVersion(ChatConnectionProperties properties) {
		ChatConnectionProperties.Azure azure = properties.getAzure();
		return (azure != null) ? azure.apiVersion() : null;
	}

}
