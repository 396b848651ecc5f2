package dev.chatconversation.samples.readme;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatErrorResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The controller of the project's README.md, verbatim, which
 * {@link ReadmeControllerTests} runs; {@link ReadmeExamplesTests} checks that it is the
 * README's.
 */
@RestController
class ChatController {

	private final ChatCompletionsConversation conversation;

	ChatController(ChatConversationFactory conversations) {
		this.conversation = conversations.newConversation();
	}

	@PostMapping(path = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> chat(@RequestBody String message) {
		AtomicBoolean started = new AtomicBoolean();
		return this.conversation.sendAndStreamResponse(message)
			.map((text) -> ServerSentEvent.<Object>builder(Map.of("text", text)).event("delta").build())
			.concatWith(Mono.fromSupplier(() -> ServerSentEvent.<Object>builder(Map.of()).event("end").build()))
			.doOnNext((event) -> started.set(true))
			.onErrorResume((failure) -> started.get(), (failure) -> Mono.just(errorEvent(failure)));
	}

	// once the stream has started, its 200 is sent: a failure can only be an event
	private static ServerSentEvent<Object> errorEvent(Throwable failure) {
		ErrorResponse answer = ChatErrorResponses.of(failure);
		Object problem = (answer != null) ? answer.getBody() : Map.of("title", "Reply failed");
		return ServerSentEvent.builder(problem).event("error").build();
	}

}
