package dev.chatconversation.client.provider;

import java.util.List;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What one provider accepts: the client passes every request through {@link #adapt}
 * before encoding it, and lets the profile put the API key on the request.
 *
 * <p>
 * The profiles of the providers the library knows are in {@link ProviderProfiles}; a
 * profile of your own can start from one of them with {@link #withRules(RequestRule...)}.
 * Implementations must be immutable and thread-safe.
 */
public interface ProviderProfile {

	/**
	 * A profile that changes nothing and sends the key as a bearer token, for servers
	 * that follow the OpenAI API.
	 */
	ProviderProfile GENERIC = new ProviderProfile() {

		@Override
		public String name() {
			return "generic";
		}

		@Override
		public String toString() {
			return "generic";
		}

	};

	/**
	 * The profile's name, as written in configuration ({@code openai}, {@code gemini},
	 * ...).
	 * @return the name
	 */
	String name();

	/**
	 * The base URL of the provider's public endpoint, used when a client is built without
	 * one.
	 * @return the base URL with its version path, or {@code null} when the provider has
	 * no single endpoint (Azure OpenAI deployments, self-hosted vLLM)
	 */
	default @Nullable String defaultBaseUrl() {
		return null;
	}

	/**
	 * Adapts a request to what the provider accepts: leaves out or renames parameters it
	 * rejects, rewrites messages it cannot take.
	 * @param request the request as the caller built it
	 * @return the request to send
	 */
	default ChatCompletionRequest adapt(ChatCompletionRequest request) {
		return request;
	}

	/**
	 * Puts the API key on a request.
	 * @param headers the request headers
	 * @param apiKey the key
	 */
	default void authenticate(HttpHeaders headers, String apiKey) {
		headers.setBearerAuth(apiKey);
	}

	/**
	 * A profile like this one that applies more rules after its own, for a provider or a
	 * model this profile does not cover.
	 * @param rules the rules, applied in order after {@link #adapt}
	 * @return the extended profile, with this profile's name, base URL and authentication
	 */
	default ProviderProfile withRules(RequestRule... rules) {
		return new ExtendedProfile(this, List.of(rules));
	}

}
