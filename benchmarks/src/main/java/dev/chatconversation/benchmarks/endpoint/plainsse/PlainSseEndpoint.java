package dev.chatconversation.benchmarks.endpoint.plainsse;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import dev.chatconversation.benchmarks.endpoint.ModelClients;
import dev.chatconversation.benchmarks.endpoint.StallProbe;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * The library's endpoint ({@code ChatEndpoint}) without the library: {@code WebClient}
 * reads the model's stream as {@code ServerSentEvent<String>}, Jackson takes each chunk's
 * text, and the controller writes the same {@code delta} and {@code end} events with a
 * {@code Map} payload. A {@code timeout} per event ({@code bench.stream-idle}, 10 s)
 * stands in for the library's stream-idle timeout, so that a stall ends the reply and,
 * with {@code -Dstall.probe=true}, prints the state below the endpoint.
 */
@RestController
class PlainSseEndpoint {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private final WebClient model;

	private final JsonMapper json;

	private final Duration idle;

	private final Map<String, String> chats = new ConcurrentHashMap<>();

	PlainSseEndpoint(WebClient.Builder webClient, JsonMapper json, @Value("${bench.model-url}") String modelUrl,
			@Value("${bench.stream-idle:10s}") Duration idle) {
		this.model = ModelClients.create(webClient, modelUrl, "plain");
		this.json = json;
		this.idle = idle;
	}

	@PostMapping("/chats")
	Map<String, String> create() {
		String id = UUID.randomUUID().toString();
		this.chats.put(id, id);
		return Map.of("id", id);
	}

	@PostMapping(path = "/chats/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> send(@PathVariable String id, @RequestBody String text) {
		if (!this.chats.containsKey(id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Map<String, Object> request = Map.of("model", "gpt-4o-mini", "stream", true, "messages",
				new Object[] { Map.of("role", "user", "content", text) });
		Flux<ServerSentEvent<Object>> events = this.model.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(request)
			.retrieve()
			.bodyToFlux(EVENTS)
			.timeout(this.idle)
			.takeWhile((event) -> !"[DONE]".equals(event.data()))
			.<String>handle((event, sink) -> {
				String data = event.data();
				if (data != null) {
					JsonNode content = this.json.readTree(data).path("choices").path(0).path("delta").path("content");
					if (content.isString() && !content.asString().isEmpty()) {
						sink.next(content.asString());
					}
				}
			})
			.map((delta) -> ServerSentEvent.<Object>builder(Map.of("text", delta)).event("delta").build())
			.concatWith(Mono.fromSupplier(() -> ServerSentEvent.<Object>builder(Map.of()).event("end").build()))
			.doFinally((signal) -> this.chats.remove(id));
		return StallProbe.ENABLED ? StallProbe.watch(events, TimeoutException.class::isInstance) : events;
	}

}
