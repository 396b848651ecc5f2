package dev.chatconversation.client.provider;

import dev.chatconversation.client.model.ChatCompletionRequest;

import org.springframework.http.HttpHeaders;

/**
 * What one provider accepts: the client passes every request through {@link #adapt} before
 * encoding it, and lets the profile put the API key on the request.
 *
 * <p>
 * Implementations must be immutable and thread-safe.
 */
public interface ProviderProfile {

	/**
	 * A profile that changes nothing and sends the key as a bearer token, for servers that
	 * follow the OpenAI API.
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
	 * The profile's name, as written in configuration ({@code openai}, {@code gemini}, ...).
	 * @return the name
	 */
	String name();

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

}
