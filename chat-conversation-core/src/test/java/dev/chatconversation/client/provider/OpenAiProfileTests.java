package dev.chatconversation.client.provider;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.assertValidOpenAiRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.body;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code openai} profile (and the same reasoning-model rules of
 * {@code azure}): reasoning models reject {@code max_tokens} (fixture
 * {@code openai/error-400-unsupported-parameter.json}) and the sampling parameters.
 */
class OpenAiProfileTests {

	@ParameterizedTest
	@ValueSource(strings = { "o1", "o1-mini", "o3", "o3-mini-2025-01-31", "o3-pro", "o4-mini", "gpt-5", "gpt-5-mini",
			"gpt-5-nano-2025-08-07", "gpt-5.1", "gpt-5.2-pro", "GPT-5" })
	void reasoningModelsGetMaxCompletionTokensAndNoSamplingParameters(String model) {
		ChatCompletionRequest request = problematicRequest(model).mutate()
			.maxCompletionTokens(null)
			.maxTokens(256)
			.build();
		ObjectNode body = adapted(ProviderProfiles.OPENAI, request);
		assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(256);
		assertThat(body.has("max_tokens")).isFalse();
		assertThat(body.propertyNames()).doesNotContain("temperature", "top_p", "logprobs", "top_logprobs",
				"presence_penalty", "frequency_penalty", "logit_bias");
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("developer");
		assertValidOpenAiRequest(body);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5-chat-latest", "gpt-5.1-chat-latest",
			"chatgpt-4o-latest", "omni-moderation-latest", "o" })
	void otherModelsAreSentAsWritten(String model) {
		ChatCompletionRequest request = problematicRequest(model).mutate().maxTokens(256).build();
		ObjectNode body = adapted(ProviderProfiles.OPENAI, request);
		assertThat(body).isEqualTo(body(request));
		assertValidOpenAiRequest(body);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gpt-5.1", "gpt-5.2" })
	void reasoningEffortNoneKeepsTheSamplingParameters(String model) {
		ChatCompletionRequest request = problematicRequest(model).mutate().reasoningEffort("none").build();
		ObjectNode body = adapted(ProviderProfiles.OPENAI, request);
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(512);
	}

	@ParameterizedTest
	@ValueSource(strings = { "o4-mini", "gpt-4o" })
	void azureAppliesTheSameRulesAndAddsTheApiVersion(String model) {
		ChatCompletionRequest request = problematicRequest(model);
		ChatCompletionRequest azure = ProviderProfiles.AZURE.adapt(request);
		assertThat(body(azure)).isEqualTo(adapted(ProviderProfiles.OPENAI, request));
		assertThat(azure.extraQuery()).containsEntry("api-version", "2024-10-21");
		assertValidOpenAiRequest(body(azure));
	}

}
