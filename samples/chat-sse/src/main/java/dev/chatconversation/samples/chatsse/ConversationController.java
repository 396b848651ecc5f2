package dev.chatconversation.samples.chatsse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.store.PageCursor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The chat API: create and list conversations, send a message and stream the reply,
 * regenerate the last reply or edit the last message, read the history or a transcript,
 * delete the conversation.
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

	private static final int PAGE_LIMIT = 100;

	private final ChatSessions sessions;

	private final ReplyStreams replies;

	private final ChatConnections connections;

	private final ChatSseProperties properties;

	ConversationController(ChatSessions sessions, ReplyStreams replies, ChatConnections connections,
			ChatSseProperties properties) {
		this.sessions = sessions;
		this.replies = replies;
		this.connections = connections;
		this.properties = properties;
	}

	@GetMapping("/conversations")
	Mono<ResponseEntity<List<ChatSummary>>> list(ServerWebExchange exchange,
			@RequestParam(name = "after", required = false) @Nullable String after,
			@RequestParam(name = "limit", defaultValue = "50") int limit) {
		String owner = ClientCookie.of(exchange);
		if (after != null && !isCursor(after)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The after parameter is not a page cursor.");
		}
		int size = Math.max(1, Math.min(PAGE_LIMIT, limit));
		return blocking(() -> this.sessions.list(owner, size, after)).map((page) -> {
			ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
			if (page.next() != null) {
				String next = UriComponentsBuilder.fromPath("/api/conversations")
					.queryParam("limit", size)
					.queryParam("after", page.next())
					.build()
					.toUriString();
				response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
			}
			return response.body(page.chats());
		});
	}

	@PostMapping("/conversations")
	Mono<ResponseEntity<Created>> create(@RequestBody(required = false) @Nullable NewConversation body,
			ServerWebExchange exchange, UriComponentsBuilder uri) {
		String system = (body != null && body.system() != null && !body.system().isBlank()) ? body.system() : null;
		if (system != null) {
			requireShortEnough(system, "system prompt");
		}
		String owner = ClientCookie.of(exchange);
		String connection = (body != null) ? body.connection() : null;
		return blocking(() -> this.sessions.create(owner, system, connection)).map((id) -> {
			URI location = uri.path("/api/conversations/{id}").buildAndExpand(id).toUri();
			return ResponseEntity.created(location).contentType(MediaType.APPLICATION_JSON).body(new Created(id));
		});
	}

	@PostMapping("/conversations/{id}/messages")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> send(@PathVariable String id, @RequestBody NewMessage body) {
		String content = contentOf(body);
		return blocking(() -> this.sessions.startReply(id, false))
			.map((session) -> stream(this.replies.reply(session, content)));
	}

	@PutMapping("/conversations/{id}/messages/last")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> edit(@PathVariable String id, @RequestBody NewMessage body) {
		String content = contentOf(body);
		return blocking(() -> this.sessions.startReply(id, true))
			.map((session) -> stream(this.replies.edit(session, content)));
	}

	@PostMapping("/conversations/{id}/regenerate")
	Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> regenerate(@PathVariable String id) {
		return blocking(() -> this.sessions.startReply(id, true))
			.map((session) -> stream(this.replies.regenerate(session)));
	}

	/**
	 * Runs a store call where blocking is allowed, never on the event loop.
	 */
	private static <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
	}

	private static boolean isCursor(String text) {
		try {
			PageCursor.parse(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private String contentOf(NewMessage body) {
		String content = body.content();
		if (content == null || content.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"The message is empty: write something before sending.");
		}
		requireShortEnough(content, "message");
		return content;
	}

	private static ResponseEntity<Flux<ServerSentEvent<Object>>> stream(Flux<ServerSentEvent<Object>> events) {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.header("Cache-Control", "no-cache")
			// asks proxies such as nginx not to buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(events);
	}

	@GetMapping("/conversations/{id}/messages")
	Mono<ResponseEntity<String>> messages(@PathVariable String id) {
		return blocking(() -> this.sessions.read(id).toJson())
			.map((json) -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json));
	}

	@GetMapping("/conversations/{id}/transcript")
	Mono<ResponseEntity<String>> transcript(@PathVariable String id,
			@RequestParam(name = "download", defaultValue = "false") boolean download) {
		return blocking(() -> this.sessions.read(id).exportToText()).map((text) -> {
			ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(TEXT_PLAIN_UTF8);
			if (download) {
				response.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("chat-" + id + ".txt").build().toString());
			}
			return response.body(text);
		});
	}

	@DeleteMapping("/conversations/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String id) {
		return blocking(() -> {
			this.sessions.delete(id);
			return ResponseEntity.noContent().<Void>build();
		});
	}

	@GetMapping("/info")
	Info info() {
		List<Connection> connections = this.connections.names()
			.stream()
			.map((name) -> new Connection(name,
					this.connections.conversations(name).settings().requestDefaults().model()))
			.toList();
		return new Info(connections.get(0).model(), this.properties.demo(), connections);
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
	 * @param connection the name of the connection to talk to, as {@code /api/info} lists
	 * them; the first when absent
	 */
	record NewConversation(@Nullable String system, @Nullable String connection) {
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
	 * @param model the model name of the first connection, used when a new chat names
	 * none
	 * @param demo whether it is the offline demo model
	 * @param connections the configured connections, the first the default; the page
	 * offers a choice when there are several
	 */
	record Info(@Nullable String model, boolean demo, List<Connection> connections) {
	}

	/**
	 * A configured connection.
	 *
	 * @param name its name, {@code default} for {@code chat.*}
	 * @param model its model
	 */
	record Connection(String name, @Nullable String model) {
	}

}
