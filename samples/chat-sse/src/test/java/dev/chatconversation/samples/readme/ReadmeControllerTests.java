package dev.chatconversation.samples.readme;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.testfixture.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's {@link ChatController} in a WebFlux app against a stubbed provider,
 * with the request the README's curl line sends: a plain-text body and
 * {@code Accept: *}{@code /*}.
 */
class ReadmeControllerTests {

	@RegisterExtension
	static final WireMockExtension provider = ChatWireMock.extension();

	private ConfigurableApplicationContext app;

	private WebTestClient client;

	@BeforeEach
	void startApp() {
		// chat.base-url given up front, so the sample's offline demo model stays off
		this.app = new SpringApplicationBuilder(ReadmeApp.class)
			.properties("server.port=0", "server.address=127.0.0.1", "chat.model=gpt-4o-mini",
					"chat.base-url=" + ChatWireMock.baseUrl(provider), "chat.retry.max-attempts=1",
					"spring.reactor.netty.shutdown-quiet-period=0s")
			.run();
		int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
		this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	@AfterEach
	void stopApp() {
		this.app.close();
	}

	@Test
	void whenCurlPostsPlainTextThenTheReplyStreamsAsDeltaEventsAndAnEndEvent() {
		ChatWireMock.stubStream(provider, Fixtures.fixture("openai/stream-text-basic.sse"));
		String events = curl("Name two animals that live in the Alps.").expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(events).startsWith("event:delta\ndata:{\"text\":").endsWith("event:end\ndata:{}\n\n");
		assertThat(events).doesNotContain("event:error");
	}

	@Test
	void whenTheProviderFailsMidStreamThenTheClientGetsAnErrorEventWithAProblemDetail() {
		ChatWireMock.stubStream(provider,
				"""
						data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"The ibex"},"finish_reason":null}]}

						data: {"error":{"message":"The server had an error","type":"server_error"}}

						""");
		String events = curl("Hello").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(events).startsWith("event:delta\ndata:{\"text\":\"The ibex\"}\n\nevent:error\ndata:{")
			.contains("\"status\":502")
			.contains("\"title\":\"Model reply failed\"")
			.doesNotContain("event:end")
			.doesNotContain("The server had an error");
	}

	@Test
	void whenTheProviderFailsBeforeTheReplyStartsThenTheClientGetsTheStatusAndAProblemDetail() {
		ChatWireMock.stubJson(provider, 429, Fixtures.fixture("openai/error-429-rate-limit-tpm.json"));
		curl("Hello").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Model provider rate limit")
			.jsonPath("$.historyUnchanged")
			.isEqualTo(true);
	}

	/** What {@code curl -N -H 'Content-Type: text/plain' -d '...' .../chat} sends. */
	private WebTestClient.ResponseSpec curl(String message) {
		return this.client.post()
			.uri("/chat")
			.header("Accept", "*/*")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(message)
			.exchange();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ChatController.class)
	static class ReadmeApp {

	}

}
