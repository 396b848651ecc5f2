package dev.chatconversation.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.ProviderProfiles;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ChatConnectionSettings}: the defaults in one place, and {@code withX}
 * copies that change only what they name.
 */
class ChatConnectionSettingsTests {

	private final ChatConnectionSettings defaults = ChatConnectionSettings.defaults("local");

	@Test
	void whenNothingIsSetThenTheClientDefaultsAndUsageInStreamsApply() {
		assertThat(this.defaults.name()).isEqualTo("local");
		assertThat(this.defaults.baseUrl()).isNull();
		assertThat(this.defaults.apiKey()).isNull();
		assertThat(this.defaults.headers()).isEmpty();
		assertThat(this.defaults.timeouts()).isEqualTo(Timeouts.DEFAULTS);
		assertThat(this.defaults.retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS);
		assertThat(this.defaults.maxResponseSize()).isNull();
		assertThat(this.defaults.maxConnections()).isNull();
		assertThat(this.defaults.requestDefaults().model()).isNull();
		assertThat(this.defaults.requestDefaults().streamOptions().includeUsage()).isTrue();
		assertThat(this.defaults.systemPrompt()).isNull();
		assertThat(this.defaults.provider()).isSameAs(ProviderProfiles.GENERIC);
	}

	@Test
	void whenOneValueIsChangedThenTheOthersAreKept() {
		ChatConnectionSettings changed = this.defaults.withBaseUrl("http://localhost:11434/v1")
			.withCredentials("sk-1", "org-1", "proj-1")
			.withTimeouts(Timeouts.NONE)
			.withRetryPolicy(RetryPolicy.NONE)
			.withLimits(1024, 5)
			.withConversationDefaults(ChatCompletionRequest.builder().model("llama3.2").build(), "Be brief.")
			.withProvider(ProviderProfiles.OLLAMA);
		assertThat(changed.withTimeouts(Timeouts.DEFAULTS)).isEqualTo(new ChatConnectionSettings("local",
				"http://localhost:11434/v1", "sk-1", "org-1", "proj-1", Map.of(), Timeouts.DEFAULTS, RetryPolicy.NONE,
				1024, 5, changed.requestDefaults(), "Be brief.", ProviderProfiles.OLLAMA));
		assertThat(changed.requestDefaults().model()).isEqualTo("llama3.2");
		assertThat(this.defaults.withBaseUrl("http://localhost:11434/v1").withBaseUrl(null)).isEqualTo(this.defaults);
	}

	@Test
	void whenTheGivenHeadersChangeLaterThenTheSettingsDoNot() {
		Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Team", "blue"));
		ChatConnectionSettings settings = this.defaults.withHeaders(headers);
		headers.put("X-Env", "prod");
		assertThat(settings.headers()).containsExactlyEntriesOf(Map.of("X-Team", "blue"));
	}

	@Test
	void whenSettingsHaveABaseUrlThenTheClientIsBuiltWithThem() {
		ChatConnectionSettings settings = this.defaults.withBaseUrl("http://localhost:11434/v1")
			.withTimeouts(Timeouts.DEFAULTS.withConnect(Duration.ofSeconds(3)))
			.withLimits(1024, 5);
		assertThat(settings.clientBuilder(WebClient.builder()).build().toString())
			.contains("baseUrl=http://localhost:11434/v1", "connect=PT3S", "maxResponseSize=1024", "maxConnections=5");
	}

	@Test
	void whenSettingsHaveNoBaseUrlThenNoClientCanBeBuiltFromThem() {
		assertThatIllegalStateException().isThrownBy(() -> this.defaults.clientBuilder(WebClient.builder()))
			.withMessageContaining("'local' has no base URL");
	}

	@Test
	void whenAnApiKeyIsSetThenItIsMaskedInTheDescription() {
		assertThat(this.defaults.withCredentials("sk-secret", null, null).toString()).contains("apiKey=******")
			.doesNotContain("sk-secret");
	}

}
