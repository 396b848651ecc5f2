package dev.chatconversation.client.provider;

import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.body;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ProviderProfiles}: names, default base URLs, authentication, and what
 * every profile leaves alone.
 */
class ProviderProfilesTests {

	static Stream<ProviderProfile> profiles() {
		return ProviderProfiles.names().stream().map(ProviderProfiles::named);
	}

	@Test
	void everyProviderOfTheIssueHasAProfile() {
		assertThat(ProviderProfiles.names()).containsExactly("openai", "azure", "gemini", "deepseek", "ollama", "vllm",
				"groq", "mistral", "openrouter", "albert", "generic");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mistral", "Mistral", " MISTRAL " })
	void namesIgnoreCaseAndSurroundingSpaces(String name) {
		assertThat(ProviderProfiles.named(name)).isSameAs(ProviderProfiles.MISTRAL);
		assertThat(ProviderProfiles.isKnown(name)).isTrue();
	}

	@Test
	void unknownNameFailsListingTheKnownNames() {
		assertThat(ProviderProfiles.isKnown("anthropic")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ProviderProfiles.named("anthropic"))
			.withMessageContaining("'anthropic'")
			.withMessageContaining("openai, azure, gemini, deepseek, ollama, vllm, groq, mistral, openrouter, albert");
	}

	@ParameterizedTest
	@CsvSource(nullValues = "none", textBlock = """
			openai,     https://api.openai.com/v1
			azure,      none
			gemini,     https://generativelanguage.googleapis.com/v1beta/openai
			deepseek,   https://api.deepseek.com
			ollama,     http://localhost:11434/v1
			vllm,       none
			groq,       https://api.groq.com/openai/v1
			mistral,    https://api.mistral.ai/v1
			openrouter, https://openrouter.ai/api/v1
			albert,     https://albert.api.etalab.gouv.fr/v1
			generic,    none
			""")
	void eachProfileKnowsItsProvidersPublicBaseUrl(String name, String baseUrl) {
		ProviderProfile profile = ProviderProfiles.named(name);
		assertThat(profile.defaultBaseUrl()).isEqualTo(baseUrl);
		if (baseUrl != null) {
			ChatCompletionsClient.validateBaseUrl(baseUrl);
		}
	}

	@Test
	void clientBuiltWithoutBaseUrlUsesTheProfilesDefault() {
		try (ChatCompletionsClient client = ChatCompletionsClient.builder().provider(ProviderProfiles.OLLAMA).build()) {
			assertThat(client.toString()).contains("baseUrl=http://localhost:11434/v1", "provider=ollama");
		}
	}

	@Test
	void clientBuiltWithoutBaseUrlForAProviderWithoutDefaultFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatCompletionsClient.builder().provider(ProviderProfiles.VLLM).build())
			.withMessageContaining("base URL is missing");
	}

	@Test
	void azureSendsTheKeyInTheApiKeyHeaderAndOthersAsBearerToken() {
		HttpHeaders azure = new HttpHeaders();
		ProviderProfiles.AZURE.authenticate(azure, "azure-key");
		assertThat(azure.getFirst("api-key")).isEqualTo("azure-key");
		assertThat(azure.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
		profiles().filter((profile) -> !profile.name().equals("azure")).forEach((profile) -> {
			HttpHeaders headers = new HttpHeaders();
			profile.authenticate(headers, "gsk_key");
			assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).as(profile.name()).isEqualTo("Bearer gsk_key");
		});
	}

	@Test
	void azureNeedsANonBlankApiVersionAndShowsIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProviderProfiles.azure(" "));
		assertThat(ProviderProfiles.azure("2025-04-01-preview")).hasToString("azure(api-version=2025-04-01-preview)");
		assertThat(ProviderProfiles.AZURE.name()).isEqualTo("azure");
	}

	@ParameterizedTest
	@MethodSource("profiles")
	void plainRequestIsLeftUnchanged(ProviderProfile profile) {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("some-model")
			.message(Message.system("Be brief."))
			.message(Message.user("Hello"))
			.temperature(0.5)
			.build();
		ObjectNode expected = body(request);
		if (profile.name().equals("azure")) {
			assertThat(profile.adapt(request).extraQuery()).containsEntry("api-version", "2024-10-21");
		}
		assertThat(adapted(profile, request)).as(profile.name()).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("profiles")
	void extraBodyFieldsAreSentAsWritten(ProviderProfile profile) {
		ObjectNode searchArgs = JsonNodeFactory.instance.objectNode().put("k", 5);
		ChatCompletionRequest request = problematicRequest("some-model").mutate()
			.extraBodyField("search", JsonNodeFactory.instance.booleanNode(true))
			.extraBodyField("search_args", searchArgs)
			.extraBodyField("store", JsonNodeFactory.instance.booleanNode(false))
			.build();
		ObjectNode body = adapted(profile, request);
		assertThat(body.get("search").asBoolean()).as(profile.name()).isTrue();
		assertThat(body.get("search_args")).isEqualTo(searchArgs);
		assertThat(body.get("store").asBoolean(true)).isFalse();
	}

	@ParameterizedTest
	@MethodSource("profiles")
	void theHistoryItselfIsNeverChanged(ProviderProfile profile) {
		ChatCompletionRequest request = problematicRequest("deepseek-reasoner");
		List<Message> before = List.copyOf(request.messages());
		profile.adapt(request);
		assertThat(request.messages()).isEqualTo(before);
	}

	@Test
	void withRulesAppliesMoreRulesAfterTheProfileAndKeepsItsIdentity() {
		ProviderProfile profile = ProviderProfiles.AZURE.withRules(RequestRule.dropParameters("seed"));
		assertThat(profile.name()).isEqualTo("azure");
		assertThat(profile.defaultBaseUrl()).isNull();
		HttpHeaders headers = new HttpHeaders();
		profile.authenticate(headers, "k");
		assertThat(headers.getFirst("api-key")).isEqualTo("k");
		ChatCompletionRequest adapted = profile.adapt(problematicRequest("o3").mutate().maxTokens(100).build());
		assertThat(adapted.seed()).isNull();
		assertThat(adapted.maxCompletionTokens()).isEqualTo(512);
		assertThat(adapted.maxTokens()).isNull();
		assertThat(adapted.extraQuery()).containsEntry("api-version", "2024-10-21");
	}

}
