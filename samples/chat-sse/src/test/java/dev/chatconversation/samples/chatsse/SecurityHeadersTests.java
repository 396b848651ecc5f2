package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response carries the strict security headers: the page and its scripts, the JSON
 * API, a reply stream, and refusals, including those a filter writes before any
 * controller runs. With the demo model.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat-sse.limits.max-body-size=1KB", "chat-sse.limits.turn-burst=1",
				"chat-sse.limits.turns-per-minute=1", "chat-sse.limits.behind-proxy=true" })
@AutoConfigureWebTestClient(timeout = "20s")
class SecurityHeadersTests {

	static final Map<String, String> HEADERS = Map.of("Content-Security-Policy",
			"default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'",
			"X-Content-Type-Options", "nosniff", "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer",
			"Permissions-Policy",
			"camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), fullscreen=()",
			"Cross-Origin-Opener-Policy", "same-origin", "Cross-Origin-Resource-Policy", "same-origin");

	@Autowired
	private WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "/", "/app.js", "/app.css", "/webjars/dompurify/3.3.0/dist/purify.min.js", "/api/info",
			"/api/conversations", "/api/conversations/unknown/messages", "/nothing-here" })
	void aPageScriptJsonAnswerOrRefusalCarriesEveryHeader(String path) {
		assertStrict(this.client.get().uri(path).exchange().returnResult(String.class).getResponseHeaders());
	}

	@Test
	void aReplyStreamCarriesEveryHeader() {
		String id = new ChatApi(this.client).create();

		FluxExchangeResult<String> reply = this.client.post()
			.uri("/api/conversations/{id}/messages", id)
			.header("X-Forwarded-For", "198.51.100.20")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(Map.of("content", "Hello"))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class);
		assertThat(reply.getResponseBody().collectList().block(Duration.ofSeconds(20))).last()
			.asString()
			.contains("finishReason");
		HttpHeaders headers = reply.getResponseHeaders();

		assertThat(headers.getContentType()).isNotNull()
			.matches((type) -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
		assertStrict(headers);
	}

	@Test
	void aRefusalWrittenByAFilterCarriesEveryHeader() {
		HttpHeaders tooLarge = this.client.post()
			.uri("/api/conversations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"system\": \"" + "a".repeat(2048) + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.returnResult(String.class)
			.getResponseHeaders();
		String unknown = "/api/conversations/unknown/messages";
		this.client.post().uri(unknown).header("X-Forwarded-For", "198.51.100.21").exchange();
		HttpHeaders tooMany = this.client.post()
			.uri(unknown)
			.header("X-Forwarded-For", "198.51.100.21")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.returnResult(String.class)
			.getResponseHeaders();

		assertStrict(tooLarge);
		assertStrict(tooMany);
	}

	private static void assertStrict(HttpHeaders headers) {
		HEADERS.forEach((name, value) -> assertThat(headers.get(name)).as(name).containsExactly(value));
	}

}
