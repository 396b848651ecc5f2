package dev.chatconversation.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

import dev.chatconversation.client.provider.ProviderProfile;
import org.jspecify.annotations.Nullable;

/**
 * The immutable settings of one client, derived once from its builder.
 */
record ClientSettings(URI endpoint, String baseUrl, @Nullable String apiKey, @Nullable String organization,
		@Nullable String project, Map<String, String> defaultHeaders, Timeouts timeouts, RetryPolicy retryPolicy,
		int maxResponseSize, int maxConnections, ProviderProfile provider) {

	static final int DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024;

	static final int DEFAULT_MAX_CONNECTIONS = 10_000;

	static ClientSettings from(ChatCompletionsClient.Builder builder) {
		String baseUrl = normalize((builder.baseUrl != null) ? builder.baseUrl : builder.provider.defaultBaseUrl());
		return new ClientSettings(URI.create(baseUrl + "/chat/completions"), baseUrl, blankToNull(builder.apiKey),
				blankToNull(builder.organization), blankToNull(builder.project), Map.copyOf(builder.defaultHeaders),
				builder.timeouts, builder.retryPolicy, builder.maxResponseSize,
				(builder.maxConnections != null) ? builder.maxConnections : DEFAULT_MAX_CONNECTIONS, builder.provider);
	}

	/**
	 * Checks a base URL and removes trailing slashes, so that {@code .../v1} and
	 * {@code .../v1/} give the same endpoint.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static String normalize(@Nullable String baseUrl) {
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new IllegalArgumentException("The base URL is missing: set one such as https://api.openai.com/v1");
		}
		String trimmed = baseUrl.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		try {
			URI uri = new URI(trimmed);
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
				throw new IllegalArgumentException("The base URL '" + baseUrl
						+ "' is not an absolute http or https URL such as https://api.openai.com/v1");
			}
			if (uri.getQuery() != null || uri.getFragment() != null) {
				throw new IllegalArgumentException("The base URL '" + baseUrl
						+ "' must not have a query or fragment; pass query parameters per request instead");
			}
			return trimmed;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("The base URL '" + baseUrl + "' is malformed: " + ex.getReason(), ex);
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	@Override
	public String toString() {
		return "ClientSettings[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "******" : "none")
				+ ", timeouts=" + this.timeouts + ", retryPolicy=" + this.retryPolicy + ", maxResponseSize="
				+ this.maxResponseSize + ", maxConnections=" + this.maxConnections + ", provider=" + this.provider
				+ "]";
	}

}
