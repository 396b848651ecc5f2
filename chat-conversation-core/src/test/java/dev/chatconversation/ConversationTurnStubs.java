package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.testfixture.Fixtures.fixture;

/**
 * Clients, conversations and stream events shared by the conversation turn tests; the
 * servers and fixtures are those of {@code dev.chatconversation.testfixture}.
 *
 * <p>
 * Events built here are synthetic and labelled so; they copy the shape of
 * {@code openai/stream-text-basic.sse}. Fixture streams are read from
 * {@code src/test/resources/fixtures} (see {@code SOURCES.md} there).
 */
final class ConversationTurnStubs {

	static final String MODEL = "gpt-4o-2024-08-06";

	private static final JsonMapper JSON = JsonMapper.shared();

	private ConversationTurnStubs() {
	}

	/** A client without retries, so failures surface after one attempt. */
	static ChatCompletionsClient client(String baseUrl) {
		return client(baseUrl, RetryPolicy.NONE, Timeouts.DEFAULTS);
	}

	static ChatCompletionsClient client(String baseUrl, RetryPolicy retryPolicy, Timeouts timeouts) {
		return ChatCompletionsClient.builder()
			.baseUrl(baseUrl)
			.apiKey("sk-test-turns")
			.retryPolicy(retryPolicy)
			.timeouts(timeouts)
			.build();
	}

	/** A conversation on a client without retries, with a system prompt. */
	static ChatCompletionsConversation conversation(String baseUrl) {
		return conversation(client(baseUrl));
	}

	static ChatCompletionsConversation conversation(ChatCompletionsClient client) {
		return ChatCompletionsConversation.builder().client(client).model(MODEL).systemPrompt("Be brief.").build();
	}

	/** The {@code data} of every event of a fixture stream, {@code [DONE]} included. */
	static List<String> events(String fixturePath) {
		return fixture(fixturePath).lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5).strip())
			.toList();
	}

	/** An event stream body with one event per data string. */
	static String sse(List<String> data) {
		StringBuilder body = new StringBuilder();
		data.forEach((event) -> body.append("data: ").append(event).append("\n\n"));
		return body.toString();
	}

	static String sse(String... data) {
		return sse(List.of(data));
	}

	@SafeVarargs
	static List<String> concat(List<String>... parts) {
		return Stream.of(parts).flatMap(List::stream).toList();
	}

	/** The concatenated {@code delta.content} of the first choice over the events. */
	static String contentOf(List<String> events) {
		return deltaText(events, "content");
	}

	/** The concatenated {@code delta.reasoning_content} of the first choice. */
	static String reasoningOf(List<String> events) {
		return deltaText(events, "reasoning_content");
	}

	/** The concatenated {@code delta.refusal} of the first choice. */
	static String refusalOf(List<String> events) {
		return deltaText(events, "refusal");
	}

	private static String deltaText(List<String> events, String field) {
		StringBuilder text = new StringBuilder();
		for (String event : events) {
			if (!event.equals("[DONE]")) {
				JsonNode value = JSON.readTree(event).path("choices").path(0).path("delta").path(field);
				if (value.isString()) {
					text.append(value.stringValue());
				}
			}
		}
		return text.toString();
	}

	/** Synthetic: the role-only first chunk. */
	static String roleChunk() {
		return chunk("{\"role\":\"assistant\",\"content\":\"\"}", null);
	}

	/** Synthetic: a chunk carrying a piece of content. */
	static String contentChunk(String text) {
		return chunk("{\"content\":" + quote(text) + "}", null);
	}

	/** Synthetic: the chunk carrying the finish reason. */
	static String finishChunk(String reason) {
		return chunk("{}", reason);
	}

	/** Synthetic: an OpenAI-style error event. */
	static String errorEvent(String message) {
		return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"server_error\",\"param\":null,"
				+ "\"code\":null}}";
	}

	private static String chunk(String delta, String finishReason) {
		return "{\"id\":\"chatcmpl-turn\",\"object\":\"chat.completion.chunk\",\"created\":1727346168,\"model\":\""
				+ MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
				+ ((finishReason != null) ? quote(finishReason) : "null") + "}]}";
	}

	/** Synthetic: a whole text reply, role chunk to {@code [DONE]}. */
	static String textReply(String... pieces) {
		List<String> events = new ArrayList<>();
		events.add(roleChunk());
		for (String piece : pieces) {
			events.add(contentChunk(piece));
		}
		events.add(finishChunk("stop"));
		events.add("[DONE]");
		return sse(events);
	}

	static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

	@SafeVarargs
	static <T> List<T> plus(List<? extends T> list, T... added) {
		List<T> result = new ArrayList<>(list);
		result.addAll(List.of(added));
		return result;
	}

	static List<Message> messagesOf(JsonNode requestBody) {
		List<Message> messages = new ArrayList<>();
		for (JsonNode message : requestBody.path("messages")) {
			messages.add(MessageJson.read(message));
		}
		return messages;
	}

	/**
	 * A {@link FakeChatServer} whose one response the test writes event by event, to hold
	 * a turn open, reset the connection after some content, and see the client close the
	 * connection. WireMock serves whole bodies only. It answers one request.
	 */
	static final class HeldStream implements AutoCloseable {

		private final Sinks.Many<String> parts = Sinks.many().unicast().onBackpressureBuffer();

		private final FakeChatServer server = new FakeChatServer();

		HeldStream() {
			this.server.reply(FakeChatServer.stream(this.parts.asFlux()));
		}

		String baseUrl() {
			return this.server.baseUrl();
		}

		/** Writes events (their {@code data}) and flushes each. */
		HeldStream send(String... data) {
			for (String event : data) {
				this.parts.emitNext("data: " + event + "\n\n", Sinks.EmitFailureHandler.FAIL_FAST);
			}
			return this;
		}

		/** Ends the response body cleanly. */
		void end() {
			this.parts.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
		}

		/**
		 * Closes the connection abruptly with a TCP reset; call it once the client has
		 * seen the events sent before, as a reset may discard data still in flight.
		 */
		void reset() {
			List<Exchange> exchanges = this.server.exchanges();
			if (exchanges.isEmpty()) {
				throw new IllegalStateException("No request arrived");
			}
			exchanges.get(0).reset();
		}

		/** Completes when the connection that carried the request is closed. */
		Mono<Void> disconnected() {
			return this.server.arrival(1).flatMap(Exchange::closed);
		}

		/** Emits the body of the request once it has arrived. */
		Mono<String> arrived() {
			return this.server.arrival(1).map(Exchange::bodyText);
		}

		List<String> requests() {
			return this.server.exchanges().stream().map(Exchange::bodyText).toList();
		}

		@Override
		public void close() {
			this.server.close();
		}

	}

}
