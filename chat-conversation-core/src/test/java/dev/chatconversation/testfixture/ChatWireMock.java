package dev.chatconversation.testfixture;

import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
 * A Chat Completions server played by WireMock, for tests that need whole bodies only
 * (use {@link FakeChatServer} to write a stream part by part or to watch connections):
 * the extension, stubs of {@code POST /v1/chat/completions} and the requests it received.
 */
public final class ChatWireMock {

	/** The path a client posts to under a base URL ending in {@code /v1}. */
	public static final String PATH = "/v1/chat/completions";

	private static final JsonMapper JSON = JsonMapper.shared();

	private ChatWireMock() {
	}

	/**
	 * A WireMock server on a free port; register it with {@code @RegisterExtension}.
	 * @return the extension
	 */
	public static WireMockExtension extension() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
	}

	/**
	 * The base URL a client is given.
	 * @param wireMock the server
	 * @return its URL with {@code /v1} appended
	 */
	public static String baseUrl(WireMockExtension wireMock) {
		return wireMock.baseUrl() + "/v1";
	}

	/**
	 * Answers every chat completion request with a 200 event stream.
	 * @param wireMock the server
	 * @param body the whole stream body
	 */
	public static void stubStream(WireMockExtension wireMock, String body) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(eventStream(body)));
	}

	/**
	 * Answers every chat completion request with a JSON body.
	 * @param wireMock the server
	 * @param status the status
	 * @param body the body
	 */
	public static void stubJson(WireMockExtension wireMock, int status, String body) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(json(status, body)));
	}

	/**
	 * A 200 {@code text/event-stream} response.
	 * @param body the whole stream body
	 * @return the response
	 */
	public static ResponseDefinitionBuilder eventStream(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	/**
	 * An {@code application/json} response.
	 * @param status the status
	 * @param body the body
	 * @return the response
	 */
	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	/**
	 * The chat completion requests the server received.
	 * @param wireMock the server
	 * @return the requests, oldest first
	 */
	public static List<LoggedRequest> requests(WireMockExtension wireMock) {
		return wireMock.findAll(postRequestedFor(urlPathEqualTo(PATH)));
	}

	/**
	 * The bodies of the chat completion requests the server received, parsed.
	 * @param wireMock the server
	 * @return the bodies, oldest first
	 */
	public static List<JsonNode> requestBodies(WireMockExtension wireMock) {
		return requests(wireMock).stream().map((request) -> JSON.readTree(request.getBodyAsString())).toList();
	}

	/**
	 * The bodies of the chat completion requests the server received, as text.
	 * @param wireMock the server
	 * @return the bodies, oldest first
	 */
	public static List<String> requestTexts(WireMockExtension wireMock) {
		return requests(wireMock).stream().map(LoggedRequest::getBodyAsString).toList();
	}

}
