package dev.chatconversation.client.provider;

import java.util.List;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A profile followed by more rules, made by {@link ProviderProfile#withRules}.
 */
record ExtendedProfile(ProviderProfile base, List<RequestRule> rules) implements ProviderProfile {

	ExtendedProfile {
		rules = List.copyOf(rules);
	}

	@Override
	public String name() {
		return this.base.name();
	}

	@Override
	public @Nullable String defaultBaseUrl() {
		return this.base.defaultBaseUrl();
	}

	@Override
	public ChatCompletionRequest adapt(ChatCompletionRequest request) {
		ChatCompletionRequest adapted = this.base.adapt(request);
		for (RequestRule rule : this.rules) {
			adapted = rule.apply(adapted);
		}
		return adapted;
	}

	@Override
	public void authenticate(HttpHeaders headers, String apiKey) {
		this.base.authenticate(headers, apiKey);
	}

	@Override
	public String toString() {
		return this.base + "+" + this.rules.size() + " rules";
	}

}
