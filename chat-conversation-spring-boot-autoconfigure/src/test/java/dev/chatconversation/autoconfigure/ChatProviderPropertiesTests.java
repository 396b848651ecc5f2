package dev.chatconversation.autoconfigure;

import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.provider.ProviderProfiles;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.NestedExceptionUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code chat.provider}, {@code chat.connections.<name>.provider} and
 * {@code chat.azure.api-version}: the profile reaches the client, fills in the base URL,
 * is validated with a clear analysis, and a connection to another provider does not take
 * the default's endpoint or credentials.
 */
class ChatProviderPropertiesTests {

	private static final String API_KEY = "sk-provider-tests-0123456789";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@Test
	void providerAloneConfiguresTheDefaultConnectionWithThePublicBaseUrl() {
		this.contextRunner.withPropertyValues("chat.provider=ollama", "chat.model=llama3.2").run((context) -> {
			assertThat(context).hasSingleBean(ChatCompletionsClient.class).hasSingleBean(ChatConversationFactory.class);
			ChatConnectionSettings settings = context.getBean(ChatConversationFactory.class).settings();
			assertThat(settings.provider()).isSameAs(ProviderProfiles.OLLAMA);
			assertThat(settings.baseUrl()).isEqualTo("http://localhost:11434/v1");
			assertThat(context.getBean(ChatCompletionsClient.class).toString())
				.contains("baseUrl=http://localhost:11434/v1", "provider=ollama");
		});
	}

	@Test
	void baseUrlWinsOverTheProvidersAndNoProviderMeansGeneric() {
		this.contextRunner
			.withPropertyValues("chat.provider=Mistral", "chat.base-url=https://mistral.internal.example/v1",
					"chat.model=mistral-small-latest", "chat.connections.plain.base-url=http://localhost:8080/v1",
					"chat.connections.plain.provider=generic")
			.run((context) -> {
				ChatConnections connections = context.getBean(ChatConnections.class);
				ChatConnectionSettings settings = connections.conversations("default").settings();
				assertThat(settings.provider()).isSameAs(ProviderProfiles.MISTRAL);
				assertThat(settings.baseUrl()).isEqualTo("https://mistral.internal.example/v1");
				assertThat(connections.conversations("plain").settings().provider()).isSameAs(ProviderProfiles.GENERIC);
			});
	}

	@Test
	void namedConnectionToAnotherProviderTakesNeitherEndpointNorCredentialsOfTheDefault() {
		this.contextRunner
			.withPropertyValues("chat.provider=openai", "chat.api-key=" + API_KEY, "chat.model=gpt-4o-mini",
					"chat.organization=org-1", "chat.project=proj-1", "chat.headers.X-Team=blue",
					"chat.options.temperature=0.3", "chat.timeouts.total=1m", "chat.connections.local.provider=ollama",
					"chat.connections.local.model=llama3.2", "chat.connections.local.headers.X-Local=yes")
			.run((context) -> {
				ChatConnectionSettings local = context.getBean(ChatConnections.class).conversations("local").settings();
				assertThat(local.provider()).isSameAs(ProviderProfiles.OLLAMA);
				assertThat(local.baseUrl()).isEqualTo("http://localhost:11434/v1");
				assertThat(local.apiKey()).isNull();
				assertThat(local.organization()).isNull();
				assertThat(local.project()).isNull();
				assertThat(local.headers()).isEqualTo(Map.of("X-Local", "yes"));
				assertThat(local.requestDefaults().temperature()).isEqualTo(0.3);
				assertThat(local.timeouts().total()).hasSeconds(60);
			});
	}

	@Test
	void namedConnectionWithTheSameOrNoProviderTakesTheDefaultsEndpointAndKey() {
		this.contextRunner
			.withPropertyValues("chat.provider=groq", "chat.api-key=" + API_KEY, "chat.model=llama-3.3-70b-versatile",
					"chat.connections.small.model=llama-3.1-8b-instant", "chat.connections.same.provider=GROQ",
					"chat.connections.same.model=qwen/qwen3-32b")
			.run((context) -> {
				ChatConnections connections = context.getBean(ChatConnections.class);
				for (String name : new String[] { "small", "same" }) {
					ChatConnectionSettings settings = connections.conversations(name).settings();
					assertThat(settings.provider()).as(name).isSameAs(ProviderProfiles.GROQ);
					assertThat(settings.baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
					assertThat(settings.apiKey()).isEqualTo(API_KEY);
				}
			});
	}

	@Test
	void unknownProviderStopsTheContextListingTheKnownOnes() {
		this.contextRunner.withPropertyValues("chat.provider=anthropic", "chat.model=claude", "chat.api-key=" + API_KEY)
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: chat.provider", "Value: 'anthropic'");
				assertThat(analysis.getAction()).contains(String.join(", ", ProviderProfiles.names()));
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(API_KEY);
			});
	}

	@Test
	void unknownProviderOfANamedConnectionIsReportedOnItsOwnProperty() {
		this.contextRunner
			.withPropertyValues("chat.provider=openai", "chat.model=gpt-4o-mini",
					"chat.connections.local.provider=lmstudio")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Property: chat.connections.local.provider", "Value: 'lmstudio'"));
	}

	@Test
	void providerWithoutPublicEndpointNeedsABaseUrl() {
		this.contextRunner.withPropertyValues("chat.provider=azure", "chat.model=gpt-4o-mini").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: chat.base-url", "Azure OpenAI");
			assertThat(analysis.getAction())
				.contains("https://<resource>.openai.azure.com/openai/deployments/<deployment>");
		});
		this.contextRunner.withPropertyValues("chat.provider=vllm", "chat.model=Qwen/Qwen3-8B")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Property: chat.base-url", "the vllm provider has no default base URL"));
	}

	@Test
	void blankAzureApiVersionIsRefused() {
		this.contextRunner
			.withPropertyValues("chat.provider=azure", "chat.base-url=https://r.openai.azure.com/openai/deployments/d",
					"chat.model=gpt-4o-mini", "chat.azure.api-version= ")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("Property: chat.azure.api-version"));
	}

	@Test
	void azureConnectionSendsTheKeyInApiKeyAndTheConfiguredApiVersion() {
		wireMock.stubFor(post(urlPathEqualTo("/openai/deployments/gpt-4o-mini/chat/completions"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(ChatServerStubs.fixture(ChatServerStubs.COMPLETION_FIXTURE))));
		this.contextRunner.withPropertyValues("chat.provider=azure",
				"chat.base-url=" + wireMock.baseUrl() + "/openai/deployments/gpt-4o-mini", "chat.api-key=" + API_KEY,
				"chat.model=gpt-4o-mini", "chat.azure.api-version=2025-04-01-preview", "chat.system-prompt=Be brief.")
			.run((context) -> {
				StepVerifier
					.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
					.expectNextCount(1)
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				LoggedRequest request = wireMock
					.findAll(postRequestedFor(urlPathEqualTo("/openai/deployments/gpt-4o-mini/chat/completions")))
					.get(0);
				assertThat(request.getHeader("api-key")).isEqualTo(API_KEY);
				assertThat(request.containsHeader("Authorization")).isFalse();
				assertThat(request.queryParameter("api-version").firstValue()).isEqualTo("2025-04-01-preview");
			});
	}

	@Test
	void profileAdaptsTheRequestsOfConversations() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner
			.withPropertyValues("chat.provider=mistral", "chat.base-url=" + ChatServerStubs.baseUrl(wireMock),
					"chat.model=mistral-small-latest", "chat.options.seed=7", "chat.options.max-completion-tokens=64",
					"chat.options.user=u-1")
			.run((context) -> {
				StepVerifier
					.create(context.getBean(ChatConversationFactory.class).newConversation().sendAndGetResponse("Hi"))
					.expectNextCount(1)
					.expectComplete()
					.verify(ChatServerStubs.TIMEOUT);
				JsonNode body = ChatServerStubs.body(ChatServerStubs.onlyRequest(wireMock));
				assertThat(body.get("random_seed").asInt()).isEqualTo(7);
				assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
				assertThat(body.has("user")).isFalse();
				assertThat(body.has("seed")).isFalse();
			});
	}

	private static FailureAnalysis analysis(Throwable failure) {
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.isInstanceOf(InvalidChatPropertiesException.class);
		FailureAnalysis analysis = new ChatPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
