package dev.chatconversation.samples.chatsse;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.testfixture.ChatWireMock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The model provider as WireMock plays it ({@link ChatWireMock}): captured streams from
 * the core test-jar's {@code fixtures/}, and synthetic ones built here (each labelled so
 * where it is used).
 */
final class ProviderStubs {

	static final String PATH = ChatWireMock.PATH;

	/** A captured OpenAI stream (see fixtures/SOURCES.md in the core test-jar). */
	static final String OPENAI_STREAM = "openai/stream-text-include-usage.sse";

	private ProviderStubs() {
	}

	/** The reply text a stream carries: its first choice's content deltas, joined. */
	static String textOf(String sse) {
		StringBuilder text = new StringBuilder();
		for (String line : sse.split("\n")) {
			if (line.startsWith("data: {")) {
				JsonNode choices = ChatApi.json.readTree(line.substring(6)).path("choices");
				text.append(choices.path(0).path("delta").path("content").asString(""));
			}
		}
		return text.toString();
	}

	/**
	 * A synthetic stream in OpenAI's shape: a role chunk, one chunk per piece, a finish
	 * chunk, a usage chunk and {@code [DONE]}.
	 */
	static String syntheticStream(List<String> pieces) {
		return head(pieces) + tail(pieces.size());
	}

	/**
	 * A synthetic stream in OpenAI's shape where the model calls one tool: a chunk with
	 * the call, a chunk finishing with {@code tool_calls}, and {@code [DONE]}.
	 */
	static String toolCallStream(String callId, String name, String arguments) {
		return sse(List.of(chunk((delta) -> {
			delta.put("role", "assistant");
			ObjectNode call = delta.putArray("tool_calls").addObject();
			call.put("index", 0).put("id", callId).put("type", "function");
			call.putObject("function").put("name", name).put("arguments", arguments);
		}, null), chunk((delta) -> {
		}, "tool_calls"), "[DONE]"));
	}

	/**
	 * The start of a synthetic stream in OpenAI's shape, with no end: a role chunk and
	 * one chunk per piece.
	 */
	static String streamStart(List<String> pieces) {
		return head(pieces);
	}

	/** The role chunk and one chunk per piece. */
	private static String head(List<String> pieces) {
		List<String> events = new ArrayList<>();
		events.add(chunk((delta) -> delta.put("role", "assistant").put("content", ""), null));
		for (String piece : pieces) {
			events.add(chunk((delta) -> delta.put("content", piece), null));
		}
		return sse(events);
	}

	/** The finish chunk, the usage chunk and {@code [DONE]}. */
	private static String tail(int completionTokens) {
		return sse(List.of(chunk((delta) -> {
		}, "stop"), "{\"id\":\"chatcmpl-synthetic\",\"object\":\"chat.completion.chunk\",\"created\":1770000000,"
				+ "\"model\":\"gpt-4.1-nano\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":"
				+ completionTokens + ",\"total_tokens\":" + (7 + completionTokens) + "}}", "[DONE]"));
	}

	private static String sse(List<String> events) {
		StringBuilder sse = new StringBuilder();
		events.forEach((event) -> sse.append("data: ").append(event).append("\n\n"));
		return sse.toString();
	}

	private static String chunk(java.util.function.Consumer<ObjectNode> delta, String finishReason) {
		ObjectNode chunk = ChatApi.json.createObjectNode();
		chunk.put("id", "chatcmpl-synthetic");
		chunk.put("object", "chat.completion.chunk");
		chunk.put("created", 1770000000L);
		chunk.put("model", "gpt-4.1-nano");
		ObjectNode choice = chunk.putArray("choices").addObject();
		choice.put("index", 0);
		delta.accept(choice.putObject("delta"));
		choice.put("finish_reason", finishReason);
		return chunk.toString();
	}

	static ResponseDefinitionBuilder stream(String sse) {
		return ChatWireMock.eventStream(sse);
	}

	/**
	 * A synthetic stream that keeps the reply running: the pieces come at once, then
	 * keep-alive comments (as OpenRouter sends them) trickle for {@code holdMillis}
	 * before the stream ends. WireMock's dribble cuts a body into equal parts sent at
	 * equal intervals, so the comments are sized for the pieces to fit in the first part.
	 */
	static ResponseDefinitionBuilder heldStream(List<String> pieces, int holdMillis) {
		int parts = 50;
		String head = head(pieces);
		String comment = ": keep-alive\n";
		String body = head + comment.repeat(parts * head.length() / comment.length()) + tail(pieces.size());
		return stream(body).withChunkedDribbleDelay(parts, holdMillis);
	}

	static void stubStream(WireMockExtension provider, String sse) {
		provider.stubFor(post(PATH).willReturn(stream(sse)));
	}

	static List<JsonNode> requestBodies(WireMockExtension provider) {
		return provider.findAll(postRequestedFor(urlEqualTo(PATH)))
			.stream()
			.map((request) -> ChatApi.json.readTree(request.getBodyAsString()))
			.toList();
	}

}
