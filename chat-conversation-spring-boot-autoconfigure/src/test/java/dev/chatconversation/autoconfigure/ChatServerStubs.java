package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock Chat Completions server fed from the fixtures under
 * {@code src/test/resources/fixtures} (see {@code SOURCES.md} there).
 */
final class ChatServerStubs {

	static final String PATH = "/v1/chat/completions";

	/** How long a test waits for a reply from the local server before failing. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final String STREAM_FIXTURE = "openai/stream-text-basic.sse";

	static final String COMPLETION_FIXTURE = "openai/chat-completion-text.json";

	/**
	 * The text of {@link #STREAM_FIXTURE}, delta by delta (the empty first one left out).
	 */
	static final List<String> STREAM_DELTAS = List.of("I'm", " unable", " to", " provide", " real", "-time", " weather",
			" updates", ".", " To", " get", " the", " current", " weather", " in", " San", " Francisco", ",", " I",
			" recommend", " checking", " a", " reliable", " weather", " website", " or", " a", " weather", " app", ".");

	private static final JsonMapper JSON = JsonMapper.shared();

	private ChatServerStubs() {
	}

	static WireMockExtension wireMock() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
	}

	static String baseUrl(WireMockExtension wireMock) {
		return wireMock.baseUrl() + "/v1";
	}

	static void stubStream(WireMockExtension wireMock) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(fixture(STREAM_FIXTURE))));
	}

	static void stubCompletion(WireMockExtension wireMock) {
		stubJson(wireMock, 200, fixture(COMPLETION_FIXTURE));
	}

	static void stubJson(WireMockExtension wireMock, int status, String body) {
		wireMock.stubFor(post(urlPathEqualTo(PATH))
			.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
	}

	static List<LoggedRequest> requests(WireMockExtension wireMock) {
		return wireMock.findAll(postRequestedFor(urlPathEqualTo(PATH)));
	}

	static LoggedRequest onlyRequest(WireMockExtension wireMock) {
		List<LoggedRequest> requests = requests(wireMock);
		if (requests.size() != 1) {
			throw new AssertionError("Expected one request but the server received " + requests.size());
		}
		return requests.get(0);
	}

	static JsonNode body(LoggedRequest request) {
		return JSON.readTree(request.getBodyAsString());
	}

	static String fixture(String path) {
		try (InputStream in = ChatServerStubs.class.getResourceAsStream("/fixtures/" + path)) {
			if (in == null) {
				throw new IllegalStateException("Missing fixture " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
