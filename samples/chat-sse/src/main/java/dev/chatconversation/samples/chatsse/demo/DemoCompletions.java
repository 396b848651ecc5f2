package dev.chatconversation.samples.chatsse.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handles {@code POST /v1/chat/completions} for the demo model: reads the messages,
 * answers with a {@link DemoReply}, streamed as OpenAI does ({@code data:} chunks, a
 * {@code choices: []} usage chunk when {@code stream_options.include_usage} is set, then
 * {@code [DONE]}) or as one JSON completion.
 */
final class DemoCompletions {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicLong ids = new AtomicLong();

	private final Duration wordDelay;

	DemoCompletions(Duration wordDelay) {
		this.wordDelay = wordDelay;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			JsonNode completionRequest;
			try {
				completionRequest = json.readTree(body);
			}
			catch (JacksonException ex) {
				return badRequest(response, "The request body is not valid JSON.");
			}
			JsonNode messages = completionRequest.path("messages");
			if (!messages.isArray() || messages.isEmpty()) {
				return badRequest(response, "'messages' must be a non-empty array.");
			}
			DemoChunks chunks = new DemoChunks(json, "chatcmpl-demo-" + this.ids.incrementAndGet(),
					completionRequest.path("model").asString(DemoModelServer.MODEL));
			boolean streamed = completionRequest.path("stream").asBoolean(false);
			DemoToolCall toolCall = DemoToolCall.wanted(completionRequest, "call_demo_" + this.ids.get());
			if (toolCall != null) {
				return streamed ? streamToolCall(response, chunks, toolCall)
						: send(response, 200, chunks.toolCallCompletion(toolCall, 1), "application/json");
			}
			DemoReply reply = reply(messages);
			if (streamed) {
				boolean usage = completionRequest.path("stream_options").path("include_usage").asBoolean(false);
				return stream(response, chunks, reply, usage);
			}
			return send(response, 200, chunks.completion(reply), "application/json");
		});
	}

	private Mono<Void> stream(HttpServerResponse response, DemoChunks chunks, DemoReply reply, boolean usage) {
		List<String> pieces = reply.pieces();
		Flux<String> data = Flux.concat(Mono.just(chunks.role()),
				Flux.fromIterable(pieces).delayElements(this.wordDelay).map(chunks::content),
				Mono.just(chunks.finish("stop")), usage ? Mono.just(chunks.usage(reply, pieces.size())) : Mono.empty(),
				Mono.just("[DONE]"));
		return response.status(200)
			.header("Content-Type", "text/event-stream")
			.header("Cache-Control", "no-cache")
			.sendString(data.map((event) -> "data: " + event + "\n\n"), StandardCharsets.UTF_8)
			.then();
	}

	private Mono<Void> streamToolCall(HttpServerResponse response, DemoChunks chunks, DemoToolCall call) {
		Flux<String> data = Flux.just(chunks.toolCall(call), chunks.finish("tool_calls"), "[DONE]");
		return response.status(200)
			.header("Content-Type", "text/event-stream")
			.header("Cache-Control", "no-cache")
			.sendString(data.map((event) -> "data: " + event + "\n\n"), StandardCharsets.UTF_8)
			.then();
	}

	private static DemoReply reply(JsonNode messages) {
		JsonNode last = messages.get(messages.size() - 1);
		if ("tool".equals(last.path("role").asString(""))) {
			return DemoReply.toToolResult(text(last.path("content")), messages.size());
		}
		String lastUserText = "";
		int userMessages = 0;
		int words = 0;
		for (JsonNode message : messages) {
			String text = text(message.path("content"));
			words += text.isBlank() ? 0 : text.strip().split("\\s+").length;
			if ("user".equals(message.path("role").asString(""))) {
				lastUserText = text;
				userMessages++;
			}
		}
		return DemoReply.to(lastUserText, userMessages, words);
	}

	/** The text of a message's content: a string, or the text parts of an array. */
	private static String text(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			if ("text".equals(part.path("type").asString(""))) {
				text.append(part.path("text").asString("")).append(' ');
			}
		}
		return text.toString().strip();
	}

	private static Mono<Void> badRequest(HttpServerResponse response, String message) {
		ObjectNode body = json.createObjectNode();
		ObjectNode error = body.putObject("error");
		error.put("message", message);
		error.put("type", "invalid_request_error");
		error.putNull("param");
		error.putNull("code");
		return send(response, 400, body.toString(), "application/json");
	}

	private static Mono<Void> send(HttpServerResponse response, int status, String body, String contentType) {
		return response.status(status)
			.header("Content-Type", contentType)
			.sendString(Mono.just(body), StandardCharsets.UTF_8)
			.then();
	}

}
