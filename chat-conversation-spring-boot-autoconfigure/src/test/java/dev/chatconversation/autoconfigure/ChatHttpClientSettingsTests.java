package dev.chatconversation.autoconfigure;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClientConfig;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Spring Boot's HTTP client settings and the connections' own
 * {@code chat.ssl.bundle} and {@code chat.proxy.*} reach the clients: against a local
 * HTTPS server whose certificate only an SSL bundle trusts, and through a local
 * tunnelling proxy.
 */
class ChatHttpClientSettingsTests {

	@TempDir
	static Path keys;

	private static SelfSignedServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, ChatHttpClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "chat.model=test-model",
				"chat.retry.max-attempts=1");

	@BeforeAll
	static void startServer() throws Exception {
		server = SelfSignedServer.start(keys);
	}

	@AfterAll
	static void stopServer() {
		server.stop();
	}

	@BeforeEach
	void stubCompletion() {
		server.wireMock().resetAll();
		server.wireMock()
			.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH)).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(ChatServerStubs.fixture(ChatServerStubs.COMPLETION_FIXTURE))));
	}

	@Test
	void whenChatSslBundleTrustsTheServersCaThenTheClientCallsItOverHttps() {
		this.contextRunner
			.withPropertyValues(caBundle(), "chat.base-url=" + server.httpsBaseUrl(), "chat.ssl.bundle=chat-ca")
			.run((context) -> assertAnswers(context.getBean(ChatCompletionsClient.class)));
	}

	@Test
	void whenNoBundleTrustsTheServersCaThenTheCallFailsToConnect() {
		this.contextRunner.withPropertyValues(caBundle(), "chat.base-url=" + server.httpsBaseUrl())
			.run((context) -> StepVerifier.create(context.getBean(ChatCompletionsClient.class).create(request()))
				.expectError(ApiConnectionException.class)
				.verify(ChatServerStubs.TIMEOUT));
	}

	@Test
	void whenSpringHttpClientsSslBundleIsSetThenTheClientsUseIt() {
		this.contextRunner
			.withPropertyValues(caBundle(), "chat.base-url=" + server.httpsBaseUrl(),
					"spring.http.clients.ssl.bundle=chat-ca")
			.run((context) -> assertAnswers(context.getBean(ChatCompletionsClient.class)));
	}

	@Test
	void whenANamedConnectionToAnotherServerSetsItsBundleThenOnlyItTrustsThatCa() {
		this.contextRunner
			.withPropertyValues(caBundle(), "chat.base-url=" + server.httpsBaseUrl(),
					"chat.connections.private.base-url=" + server.httpsBaseUrl(),
					"chat.connections.private.ssl.bundle=chat-ca")
			.run((context) -> {
				assertAnswers(context.getBean("privateChatCompletionsClient", ChatCompletionsClient.class));
				StepVerifier
					.create(context.getBean("chatCompletionsClient", ChatCompletionsClient.class)
						.create(request().mutate().model("default-only").build()))
					.expectError(ApiConnectionException.class)
					.verify(ChatServerStubs.TIMEOUT);
			});
	}

	@Test
	void whenChatProxyIsSetThenRequestsTunnelThroughItWithItsCredentials() throws Exception {
		try (TunnelProxy proxy = new TunnelProxy()) {
			this.contextRunner
				.withPropertyValues(caBundle(), "chat.base-url=" + server.httpsBaseUrl(), "chat.ssl.bundle=chat-ca",
						"chat.proxy.host=127.0.0.1", "chat.proxy.port=" + proxy.port(), "chat.proxy.username=alice",
						"chat.proxy.password=s3cret")
				.run((context) -> assertAnswers(context.getBean(ChatCompletionsClient.class)));
			List<String> connects = proxy.connects();
			assertThat(connects).hasSize(1);
			assertThat(connects.get(0)).startsWith("CONNECT 127.0.0.1:" + server.wireMock().httpsPort() + " ")
				.containsIgnoringCase(
						"proxy-authorization: Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));
		}
	}

	@Test
	void whenNoProxyIsSetThenRequestsGoStraightToTheServer() throws Exception {
		try (TunnelProxy proxy = new TunnelProxy()) {
			this.contextRunner.withPropertyValues("chat.base-url=" + server.httpBaseUrl())
				.run((context) -> assertAnswers(context.getBean(ChatCompletionsClient.class)));
			assertThat(proxy.connects()).isEmpty();
		}
	}

	@Test
	void whenAClientHttpConnectorBuilderCustomizerIsDefinedThenItAppliesToTheClients() {
		this.contextRunner.withPropertyValues("chat.base-url=" + server.httpBaseUrl())
			.withBean(ClientHttpConnectorBuilderCustomizer.class,
					() -> (ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder>) (builder) -> builder
						.withHttpClientCustomizer((http) -> http.headers((headers) -> headers.set("X-Boot", "yes"))))
			.run((context) -> {
				assertAnswers(context.getBean(ChatCompletionsClient.class));
				server.wireMock()
					.verify(postRequestedFor(urlPathEqualTo(ChatServerStubs.PATH)).withHeader("X-Boot",
							equalTo("yes")));
			});
	}

	@Test
	void whenSpringHttpClientsReadTimeoutIsShorterThanTheWaitForTheFirstByteThenTheCallStillSucceeds() {
		server.wireMock()
			.stubFor(post(urlPathEqualTo(ChatServerStubs.PATH)).willReturn(aResponse().withStatus(200)
				.withFixedDelay(700)
				.withHeader("Content-Type", "application/json")
				.withBody(ChatServerStubs.fixture(ChatServerStubs.COMPLETION_FIXTURE))));
		this.contextRunner
			.withPropertyValues("chat.base-url=" + server.httpBaseUrl(), "spring.http.clients.read-timeout=100ms")
			.run((context) -> assertAnswers(context.getBean(ChatCompletionsClient.class)));
	}

	@Test
	void whenOnlySpringHttpClientsConnectTimeoutIsSetThenTheClientsUseIt() {
		assertThat(connectTimeoutMillis("spring.http.clients.connect-timeout=3s")).isEqualTo(3000);
	}

	@Test
	void whenChatTimeoutsConnectIsSetThenItWinsOverSpringHttpClients() {
		assertThat(connectTimeoutMillis("spring.http.clients.connect-timeout=3s", "chat.timeouts.connect=4s"))
			.isEqualTo(4000);
	}

	@Test
	void whenNoConnectTimeoutIsSetThenTheClientsKeepTheirDefault() {
		assertThat(connectTimeoutMillis()).isEqualTo(10_000);
	}

	/**
	 * The connect timeout of the HTTP client as the application's connector customizers
	 * see it, after Spring Boot applied its settings.
	 */
	private Object connectTimeoutMillis(String... properties) {
		AtomicReference<HttpClientConfig> seen = new AtomicReference<>();
		this.contextRunner.withPropertyValues("chat.base-url=" + server.httpBaseUrl())
			.withPropertyValues(properties)
			.withBean(ClientHttpConnectorBuilderCustomizer.class,
					() -> (ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder>) (builder) -> builder
						.withHttpClientCustomizer((http) -> {
							seen.set(http.configuration());
							return http;
						}))
			.run((context) -> assertThat(context).hasSingleBean(ChatCompletionsClient.class));
		return seen.get().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
	}

	private static void assertAnswers(ChatCompletionsClient client) {
		StepVerifier.create(client.create(request()))
			.assertNext((completion) -> assertThat(completion.choices()).isNotEmpty())
			.expectComplete()
			.verify(ChatServerStubs.TIMEOUT);
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder().model("test-model").messages(List.of(Message.user("Hello"))).build();
	}

	private static String caBundle() {
		return "spring.ssl.bundle.pem.chat-ca.truststore.certificate=file:" + server.caCertificate();
	}

}
