package dev.chatconversation.benchmarks.endpoint.passthrough;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.benchmarks.endpoint.ModelClients;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * The same two endpoints as the library's app, relaying the model's SSE bytes as they
 * come with {@code WebClient}: no JSON, no SSE parsing, no history.
 */
@RestController
class RelayEndpoint {

	private final WebClient model;

	private final Map<String, String> chats = new ConcurrentHashMap<>();

	RelayEndpoint(WebClient.Builder webClient, @Value("${bench.model-url}") String modelUrl) {
		this.model = ModelClients.create(webClient, modelUrl, "relay");
	}

	@PostMapping("/chats")
	Map<String, String> create() {
		String id = UUID.randomUUID().toString();
		this.chats.put(id, id);
		return Map.of("id", id);
	}

	@PostMapping("/chats/{id}/messages")
	ResponseEntity<Flux<DataBuffer>> send(@PathVariable String id, @RequestBody String text) {
		if (!this.chats.containsKey(id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		byte[] request = ("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
				+ text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}")
			.getBytes(StandardCharsets.UTF_8);
		Flux<DataBuffer> relayed = this.model.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(request)
			.retrieve()
			.bodyToFlux(DataBuffer.class)
			.doFinally((signal) -> this.chats.remove(id));
		return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(relayed);
	}

}
