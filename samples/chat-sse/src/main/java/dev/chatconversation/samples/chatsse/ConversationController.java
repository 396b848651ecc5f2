package dev.chatconversation.samples.chatsse;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.chatconversation.boot.ChatConversationFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The chat API: create a conversation, send a message and stream the reply, read the
 * history or a transcript, delete the conversation.
 *
 * <p>
 * Responses set their content type themselves, rather than through {@code produces}, so
 * that a refused message gets its JSON error even when the client asked for
 * {@code text/event-stream}.
 */
@RestController
@RequestMapping("/api")
class ConversationController {

	private static final MediaType TEXT_PLAIN_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	private final ConversationStore store;

	private final ReplyStreams replies;

	private final ChatConversationFactory factory;

	private final ChatSseProperties properties;

	ConversationController(ConversationStore store, ReplyStreams replies, ChatConversationFactory factory,
			ChatSseProperties properties) {
		this.store = store;
		this.replies = replies;
		this.factory = factory;
		this.properties = properties;
	}

	@PostMapping("/conversations")
	ResponseEntity<Created> create(@RequestBody(required = false) @Nullable NewConversation body,
			UriComponentsBuilder uri) {
		String system = (body != null && body.system() != null && !body.system().isBlank()) ? body.system() : null;
		if (system != null) {
			requireShortEnough(system, "system prompt");
		}
		String id = this.store.create(system);
		URI location = uri.path("/api/conversations/{id}").buildAndExpand(id).toUri();
		return ResponseEntity.created(location).contentType(MediaType.APPLICATION_JSON).body(new Created(id));
	}

	@PostMapping("/conversations/{id}/messages")
	ResponseEntity<Flux<ServerSentEvent<Object>>> send(@PathVariable String id, @RequestBody NewMessage body) {
		ChatSession session = this.store.get(id);
		String content = body.content();
		if (content == null || content.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"The message is empty: write something before sending.");
		}
		requireShortEnough(content, "message");
		Flux<ServerSentEvent<Object>> events = this.replies.reply(session, content);
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.header("Cache-Control", "no-cache")
			// asks proxies such as nginx not to buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(events);
	}

	@GetMapping("/conversations/{id}/messages")
	ResponseEntity<String> messages(@PathVariable String id) {
		String json = this.store.get(id).conversation().toJson();
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
	}

	@GetMapping("/conversations/{id}/transcript")
	ResponseEntity<String> transcript(@PathVariable String id) {
		String text = this.store.get(id).conversation().exportToText();
		return ResponseEntity.ok().contentType(TEXT_PLAIN_UTF8).body(text);
	}

	@DeleteMapping("/conversations/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.store.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/info")
	Info info() {
		return new Info(this.factory.settings().requestDefaults().model(), this.properties.demo());
	}

	private void requireShortEnough(String text, String what) {
		int length = text.codePointCount(0, text.length());
		int limit = this.properties.maxContentLength();
		if (length > limit) {
			throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
					"The " + what + " is too long: " + length + " characters, the limit is " + limit + ".");
		}
	}

	/**
	 * The body of {@code POST /api/conversations}, optional.
	 *
	 * @param system instructions for this conversation (a system message)
	 */
	record NewConversation(@Nullable String system) {
	}

	/**
	 * The body of {@code POST /api/conversations/{id}/messages}.
	 *
	 * @param content the user's message
	 */
	record NewMessage(@Nullable String content) {
	}

	/**
	 * A new conversation.
	 *
	 * @param id its id, for the other endpoints
	 */
	record Created(String id) {
	}

	/**
	 * What the page shows about the model.
	 *
	 * @param model the model name
	 * @param demo whether it is the offline demo model
	 */
	record Info(@Nullable String model, boolean demo) {
	}

}
