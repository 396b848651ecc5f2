package dev.chatconversation.client.provider;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code azure} profile end to end: the deployment URL, the {@code api-key}
 * header instead of {@code Authorization}, the {@code api-version} query parameter, and
 * Azure's stream ({@code azure-openai/stream-model-router-prompt-filter-first.sse}).
 */
class AzureProfileTests {

	private static final String DEPLOYMENT_PATH = "/openai/deployments/gpt-4o-mini/chat/completions";

	@RegisterExtension
	static final WireMockExtension server = ChatWireMock.extension();

	private ChatCompletionsClient client(ProviderProfile profile) {
		return ChatCompletionsClient.builder()
			.baseUrl(server.baseUrl() + "/openai/deployments/gpt-4o-mini/")
			.apiKey("azure-0123456789abcdef")
			.provider(profile)
			.retryPolicy(RetryPolicy.NONE)
			.build();
	}

	@Test
	void streamGoesToTheDeploymentWithApiKeyHeaderAndApiVersion() {
		server.stubFor(post(urlPathEqualTo(DEPLOYMENT_PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(fixture("azure-openai/stream-model-router-prompt-filter-first.sse"))));
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		try (ChatCompletionsClient client = client(ProviderProfiles.AZURE)) {
			StepVerifier.create(client.stream(request())).thenConsumeWhile((chunk) -> {
				accumulator.add(chunk);
				return true;
			}).verifyComplete();
		}
		assertThat(accumulator.toCompletion().text()).isNotEmpty();
		LoggedRequest sent = onlyRequest();
		assertThat(sent.queryParameter("api-version").firstValue()).isEqualTo("2024-10-21");
		assertThat(sent.getHeader("api-key")).isEqualTo("azure-0123456789abcdef");
		assertThat(sent.containsHeader("Authorization")).isFalse();
		JsonNode body = JsonMapper.shared().readTree(sent.getBodyAsString());
		assertThat(body.get("stream").asBoolean()).isTrue();
	}

	@Test
	void configuredApiVersionAndReasoningRulesApplyToCreate() {
		server.stubFor(post(urlPathEqualTo(DEPLOYMENT_PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(fixture("openai/chat-completion-text.json"))));
		try (ChatCompletionsClient client = client(ProviderProfiles.azure("2025-04-01-preview"))) {
			StepVerifier.create(client.create(request().mutate().model("o4-mini").maxTokens(100).build()))
				.expectNextCount(1)
				.verifyComplete();
		}
		LoggedRequest sent = onlyRequest();
		assertThat(sent.queryParameter("api-version").values()).containsExactly("2025-04-01-preview");
		JsonNode body = JsonMapper.shared().readTree(sent.getBodyAsString());
		assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(100);
		assertThat(body.has("max_tokens")).isFalse();
		assertThat(body.has("temperature")).isFalse();
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.message(Message.developer("Be brief."))
			.message(Message.user("Hello"))
			.temperature(0.3)
			.build();
	}

	private static LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(DEPLOYMENT_PATH)));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
