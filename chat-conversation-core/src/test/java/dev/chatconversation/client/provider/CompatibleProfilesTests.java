package dev.chatconversation.client.provider;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.AssistantMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.chatconversation.client.provider.ProviderFixtures.accumulate;
import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.assertValidOpenAiRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.body;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the profiles of servers that follow the OpenAI API closely: Groq, Ollama,
 * vLLM, OpenRouter and the generic one. Every adapted body must still be a valid OpenAI
 * {@code CreateChatCompletionRequest}.
 */
class CompatibleProfilesTests {

	@Test
	void groqGetsMaxTokensAndNeitherLogprobsNorLogitBiasNorMessageNames() {
		ObjectNode body = adapted(ProviderProfiles.GROQ, problematicRequest("llama-3.3-70b-versatile"));
		assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
		assertThat(body.propertyNames()).doesNotContain("max_completion_tokens", "logprobs", "logit_bias",
				"top_logprobs");
		assertThat(body.get("messages").valueStream().filter((message) -> message.has("name"))).isEmpty();
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("developer");
		assertThat(body.propertyNames()).contains("store", "temperature", "tools", "tool_choice", "stream_options");
		assertValidOpenAiRequest(body);
	}

	@Test
	void ollamaGetsSystemInsteadOfDeveloperAndMaxTokens() {
		ObjectNode body = adapted(ProviderProfiles.OLLAMA, problematicRequest("llama3.2"));
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
		assertThat(body.has("max_completion_tokens")).isFalse();
		assertValidOpenAiRequest(body);
	}

	@Test
	void vllmGetsSystemInsteadOfDeveloperAndEverythingElseAsWritten() {
		ChatCompletionRequest request = problematicRequest("Qwen/Qwen3-8B");
		ObjectNode body = adapted(ProviderProfiles.VLLM, request);
		ObjectNode expected = body(request);
		((ObjectNode) expected.get("messages").get(0)).put("role", "system");
		assertThat(body).isEqualTo(expected);
		assertValidOpenAiRequest(body);
	}

	/**
	 * vLLM renamed {@code reasoning_content} to {@code reasoning}
	 * (vllm-project/vllm#27752); both are read. Synthetic stream in vLLM's shape.
	 */
	@Test
	void vllmReasoningFieldIsReadAsReasoning() {
		String stream = sse("""
				{"id":"chatcmpl-synthetic-vllm","object":"chat.completion.chunk","created":1,"model":"Qwen/Qwen3-8B",\
				"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Two plus two."},\
				"logprobs":null,"finish_reason":null}]}""",
				"""
						{"id":"chatcmpl-synthetic-vllm","object":"chat.completion.chunk","created":1,"model":"Qwen/Qwen3-8B",\
						"choices":[{"index":0,"delta":{"content":"4","tool_calls":[]},"logprobs":null,"finish_reason":"stop"}]}""");
		AssistantMessage reply = accumulate(stream).firstChoice().message();
		assertThat(reply.reasoningContent()).isEqualTo("Two plus two.");
		assertThat(reply.text()).isEqualTo("4");
		assertThat(reply.hasToolCalls()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/gpt-4o", "deepseek/deepseek-chat", "google/gemini-2.5-pro" })
	void openRouterAndGenericSendTheRequestAsWritten(String model) {
		ChatCompletionRequest request = problematicRequest(model);
		for (ProviderProfile profile : new ProviderProfile[] { ProviderProfiles.OPENROUTER,
				ProviderProfiles.GENERIC }) {
			assertThat(profile.adapt(request)).as(profile.name()).isSameAs(request);
		}
		assertValidOpenAiRequest(body(request));
	}

	@Test
	void profilesThatKeepDeveloperAreOnlyThoseOfProvidersThatAcceptIt() {
		for (String name : ProviderProfiles.names()) {
			JsonNode first = adapted(ProviderProfiles.named(name), problematicRequest("gpt-4o")).get("messages").get(0);
			boolean keepsDeveloper = first.get("role").asString().equals("developer");
			assertThat(keepsDeveloper).as(name)
				.isEqualTo(name.equals("openai") || name.equals("azure") || name.equals("groq")
						|| name.equals("openrouter") || name.equals("generic"));
		}
	}

}
