package dev.chatconversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Servers, clients, fixtures and stream events shared by the conversation turn tests.
 *
 * <p>
 * Events built here are synthetic and labelled so; they copy the shape of
 * {@code openai/stream-text-basic.sse}. Fixture streams are read from
 * {@code src/test/resources/fixtures} (see {@code SOURCES.md} there).
 */
final class ConversationTurnStubs {

	static final String PATH = "/v1/chat/completions";

	static final String MODEL = "gpt-4o-2024-08-06";

	private static final JsonMapper JSON = JsonMapper.shared();

	private ConversationTurnStubs() {
	}

	static WireMockExtension wireMock() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
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

	static String baseUrl(WireMockExtension wireMock) {
		return wireMock.baseUrl() + "/v1";
	}

	/** A conversation on a client without retries, with a system prompt. */
	static ChatCompletionsConversation conversation(String baseUrl) {
		return conversation(client(baseUrl));
	}

	static ChatCompletionsConversation conversation(ChatCompletionsClient client) {
		return ChatCompletionsConversation.builder().client(client).model(MODEL).systemPrompt("Be brief.").build();
	}

	// WireMock stubs

	static void stubStream(WireMockExtension wireMock, String body) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(eventStream(body)));
	}

	static ResponseDefinitionBuilder eventStream(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	static void stubJson(WireMockExtension wireMock, int status, String body) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(json(status, body)));
	}

	static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	/** The bodies of the requests WireMock received, oldest first. */
	static List<JsonNode> requestBodies(WireMockExtension wireMock) {
		List<JsonNode> bodies = new ArrayList<>();
		for (LoggedRequest request : wireMock.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
			bodies.add(JSON.readTree(request.getBodyAsString()));
		}
		return bodies;
	}

	static List<String> requestTexts(WireMockExtension wireMock) {
		return wireMock.findAll(postRequestedFor(urlPathEqualTo(PATH)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.toList();
	}

	// fixtures and events

	static String fixture(String path) {
		try (InputStream in = ConversationTurnStubs.class.getResourceAsStream("/fixtures/" + path)) {
			if (in == null) {
				throw new IllegalStateException("Missing fixture " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
	 * A local event-stream server whose response the test writes event by event, to hold
	 * a turn open, reset the connection after some content, and see the client close the
	 * connection. WireMock serves whole bodies only. It answers one request.
	 */
	static final class HeldStream implements AutoCloseable {

		private final Sinks.Many<String> parts = Sinks.many().unicast().onBackpressureBuffer();

		private final Sinks.One<Channel> channel = Sinks.one();

		private final AtomicReference<Channel> open = new AtomicReference<>();

		private final List<String> requests = new CopyOnWriteArrayList<>();

		private final Sinks.One<String> arrived = Sinks.one();

		private final DisposableServer server;

		HeldStream() {
			this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
				request.withConnection((connection) -> {
					this.open.set(connection.channel());
					this.channel.tryEmitValue(connection.channel());
				});
				return request.receive()
					.aggregate()
					.asString(StandardCharsets.UTF_8)
					.defaultIfEmpty("")
					.flatMap((body) -> {
						this.requests.add(body);
						this.arrived.tryEmitValue(body);
						return response.status(200)
							.header("content-type", "text/event-stream")
							.send(this.parts.asFlux()
								.map((part) -> Unpooled.copiedBuffer(part, StandardCharsets.UTF_8)), (buffer) -> true)
							.then();
					});
			}).bindNow();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.port() + "/v1";
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
			Channel open = this.open.get();
			if (open == null) {
				throw new IllegalStateException("No request arrived");
			}
			open.eventLoop().execute(() -> {
				open.config().setOption(ChannelOption.SO_LINGER, 0);
				open.close();
			});
		}

		/** Completes when the connection that carried the request is closed. */
		Mono<Void> disconnected() {
			return this.channel.asMono()
				.flatMap((open) -> Mono.create((sink) -> open.closeFuture().addListener((future) -> sink.success())));
		}

		/** Emits the body of the request once it has arrived. */
		Mono<String> arrived() {
			return this.arrived.asMono();
		}

		List<String> requests() {
			return List.copyOf(this.requests);
		}

		@Override
		public void close() {
			this.server.disposeNow(Duration.ofSeconds(2));
		}

	}

}
