package dev.chatconversation.benchmarks.endpoint.library;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.benchmarks.endpoint.StallProbe;
import dev.chatconversation.boot.ChatConversationFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The endpoint users build, as the sample and the README write it: {@code POST /chats}
 * creates a conversation, {@code POST /chats/{id}/messages} streams
 * {@code conversation.sendAndStreamResponse(text)} as {@code delta} events and an
 * {@code end} event. A chat is forgotten when its reply ends, so that rounds of the
 * benchmark do not add up.
 */
@RestController
class ChatEndpoint {

	private final ChatConversationFactory conversations;

	private final Map<String, ChatCompletionsConversation> chats = new ConcurrentHashMap<>();

	ChatEndpoint(ChatConversationFactory conversations) {
		this.conversations = conversations;
	}

	@PostMapping("/chats")
	Map<String, String> create() {
		String id = UUID.randomUUID().toString();
		this.chats.put(id, this.conversations.newConversation());
		return Map.of("id", id);
	}

	@PostMapping(path = "/chats/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> send(@PathVariable String id, @RequestBody String text) {
		ChatCompletionsConversation conversation = this.chats.get(id);
		if (conversation == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Flux<ServerSentEvent<Object>> events = conversation.sendAndStreamResponse(text)
			.map((delta) -> ServerSentEvent.<Object>builder(Map.of("text", delta)).event("delta").build())
			.concatWith(Mono.fromSupplier(() -> ServerSentEvent.<Object>builder(Map.of()).event("end").build()))
			.doFinally((signal) -> this.chats.remove(id));
		return StallProbe.ENABLED ? StallProbe.watch(events) : events;
	}

}
