package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.testfixture.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fixtures and requests of the auto-configuration tests, on the shared
 * {@link ChatWireMock} server and {@link Fixtures} of the core test-jar (see
 * {@code fixtures/SOURCES.md} there).
 */
final class ChatServerStubs {

	static final String PATH = ChatWireMock.PATH;

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

	static String baseUrl(WireMockExtension wireMock) {
		return ChatWireMock.baseUrl(wireMock);
	}

	static void stubStream(WireMockExtension wireMock) {
		ChatWireMock.stubStream(wireMock, fixture(STREAM_FIXTURE));
	}

	static void stubCompletion(WireMockExtension wireMock) {
		stubJson(wireMock, 200, fixture(COMPLETION_FIXTURE));
	}

	static void stubJson(WireMockExtension wireMock, int status, String body) {
		ChatWireMock.stubJson(wireMock, status, body);
	}

	static List<LoggedRequest> requests(WireMockExtension wireMock) {
		return ChatWireMock.requests(wireMock);
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
		return Fixtures.fixture(path);
	}

}
