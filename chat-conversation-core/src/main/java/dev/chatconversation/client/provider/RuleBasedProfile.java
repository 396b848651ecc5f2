package dev.chatconversation.client.provider;

import java.util.List;
import java.util.Objects;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A profile made of a name, a default base URL, rules applied in order and where the key
 * goes.
 *
 * @param name the profile's name
 * @param defaultBaseUrl the provider's public base URL, if it has one
 * @param rules the rules, in order
 * @param keyHeader the header that carries the key as it is, or {@code null} for
 * {@code Authorization: Bearer}
 * @param description what {@link #toString()} shows
 */
record RuleBasedProfile(String name, @Nullable String defaultBaseUrl, List<RequestRule> rules,
		@Nullable String keyHeader, String description) implements ProviderProfile {

	RuleBasedProfile {
		Objects.requireNonNull(name, "name");
		rules = List.copyOf(rules);
	}

	RuleBasedProfile(String name, @Nullable String defaultBaseUrl, RequestRule... rules) {
		this(name, defaultBaseUrl, List.of(rules), null, name);
	}

	@Override
	public ChatCompletionRequest adapt(ChatCompletionRequest request) {
		ChatCompletionRequest adapted = request;
		for (RequestRule rule : this.rules) {
			adapted = rule.apply(adapted);
		}
		return adapted;
	}

	@Override
	public void authenticate(HttpHeaders headers, String apiKey) {
		if (this.keyHeader != null) {
			headers.set(this.keyHeader, apiKey);
		}
		else {
			headers.setBearerAuth(apiKey);
		}
	}

	@Override
	public String toString() {
		return this.description;
	}

}
