package dev.chatconversation.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.chatconversation.boot.ChatConversationFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 end to end: 1,000 concurrent chats relayed by a WebFlux SSE endpoint built on
 * the starter ({@code sendAndStreamResponse} mapped to {@link ServerSentEvent}), each
 * read by a Reactor Netty client as {@code text/event-stream}, in a fresh JVM (a surefire
 * execution of its own, {@code reuseForks=false}: the stall only ever showed while the
 * JIT was cold). A short stream-idle timeout turns a stalled reply into a failed one,
 * which the client sees as a reply cut short.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "chat.model=gpt-4o-mini", "chat.timeouts.stream-idle=15s", "chat.retry.max-attempts=1" })
class SseRelayColdStartTests {

	private static final int CHATS = 1_000;

	private static final int PIECES = 20;

	private static final String DONE = "data: [DONE]\n\n";

	private static final DisposableServer upstream = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> request.receive()
			.then()
			.then(response.status(200)
				.header("content-type", "text/event-stream")
				.sendString(Flux.range(0, PIECES + 1)
					.delayElements(Duration.ofMillis(10))
					.map((i) -> (i < PIECES) ? event(chunk("p" + i + " ", null)) : event(chunk("", "stop")) + DONE))
				.then()))
		.bindNow();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void chatProperties(DynamicPropertyRegistry registry) {
		registry.add("chat.base-url", () -> "http://127.0.0.1:" + upstream.port() + "/v1");
	}

	@AfterAll
	static void stopUpstream() {
		upstream.disposeNow(Duration.ofSeconds(5));
	}

	@Test
	void whenAThousandChatsAreRelayedAsServerSentEventsThenEveryReplyArrivesWhole() {
		ConnectionProvider pool = ConnectionProvider.builder("browsers").maxConnections(CHATS).build();
		HttpClient browsers = HttpClient.create(pool).baseUrl("http://127.0.0.1:" + this.port);
		String reply = String.join("", Flux.range(0, PIECES).map((i) -> "p" + i + " ").collectList().block());
		List<String> replies = Flux.range(0, CHATS)
			.flatMap((i) -> browsers.headers((headers) -> headers.set("accept", MediaType.TEXT_EVENT_STREAM_VALUE))
				.get()
				.uri("/chat?q=hi")
				.responseContent()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.map(SseRelayColdStartTests::text)
				.onErrorResume((failure) -> Mono.just("failed: " + failure)), CHATS)
			.collectList()
			.block(Duration.ofMinutes(2));
		pool.disposeLater().block(Duration.ofSeconds(5));
		assertThat(replies).hasSize(CHATS).allSatisfy((text) -> assertThat(text).isEqualTo(reply));
	}

	private static String text(String body) {
		StringBuilder text = new StringBuilder();
		for (String line : body.split("\n")) {
			if (line.startsWith("data:")) {
				text.append(line.substring(5));
			}
		}
		return text.toString();
	}

	private static String event(String json) {
		return "data: " + json + "\n\n";
	}

	private static String chunk(String content, String finishReason) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1727346168,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
				+ "\"},\"finish_reason\":" + ((finishReason != null) ? "\"" + finishReason + "\"" : "null") + "}]}";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RelayApplication {

		@Bean
		Relay relay(ChatConversationFactory conversations) {
			return new Relay(conversations);
		}

	}

	@RestController
	static class Relay {

		private final ChatConversationFactory conversations;

		Relay(ChatConversationFactory conversations) {
			this.conversations = conversations;
		}

		@GetMapping(path = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<String>> chat(@RequestParam String q) {
			return this.conversations.newConversation()
				.sendAndStreamResponse(q)
				.map((piece) -> ServerSentEvent.builder(piece).build());
		}

	}

}
