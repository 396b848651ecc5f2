package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conversation turns whose stream goes wrong after content arrived, on a client with the
 * default retry policy (reliability scenarios 13 and 20): the failure is typed, the
 * partial reply is kept once (I3), nothing is retried, the connection is closed, and a
 * manual resend does not duplicate the partial text.
 */
class ConversationAfterTheFirstByteTests {

	private static final Duration PROMPTLY = Duration.ofSeconds(2);

	private static final String KEY = "sk-test-after-first-byte-0123456789";

	private static final String QUESTION = "What's the weather in San Francisco?";

	private static final JsonMapper JSON = JsonMapper.shared();

	/** The {@code data} of every event of the capture, {@code [DONE]} included. */
	private static final List<String> EVENTS = Payloads.fixture("openai/stream-text-basic.sse")
		.lines()
		.filter((line) -> line.startsWith("data: "))
		.map((line) -> line.substring(6))
		.toList();

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
		.client(ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey(KEY)
			.retryPolicy(RetryPolicy.DEFAULTS)
			.build())
		.model("gpt-4o-mini")
		.systemPrompt("Be brief.")
		.build();

	@Test
	void aMalformedFifthEventKeepsTheFourBeforeItNamesItAndClosesTheConnectionWithoutRetrying() {
		// the role chunk and three content chunks of the capture, then its fifth event
		// cut in the middle of its JSON
		String fifth = EVENTS.get(4);
		Flux<String> wire = Flux.concat(
				Flux.fromIterable(EVENTS.subList(0, 4)).map(ConversationAfterTheFirstByteTests::event),
				Flux.just(event(fifth.substring(0, fifth.length() / 2))), Flux.never());
		this.server.reply(FakeChatServer.stream(wire));
		List<Message> before = this.conversation.messages();

		StepVerifier.create(this.conversation.sendAndStreamResponse(QUESTION))
			.expectNext("I'm", " unable", " to")
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ResponseDecodingException.class)
					.hasMessageStartingWith("Stream event 5 is not a valid chunk")
					.hasMessageEndingWith(
							"[the turn failed: the partial reply was kept in the history, marked incomplete]");
				ResponseDecodingException decoding = (ResponseDecodingException) failure;
				assertThat(decoding.isRetryable()).isFalse();
				assertThat(failure.toString()).doesNotContain(KEY, "Bearer", "Authorization");
				FailedTurn failed = decoding.turn();
				assertThat(failed).isNotNull();
				AssistantMessage expected = AssistantMessage.builder()
					.content("I'm unable to")
					.incomplete(new Incomplete(Incomplete.ERROR, failed.partialReply().incomplete().detail()))
					.build();
				assertThat(failure.getMessage()).startsWith(expected.incomplete().detail());
				assertThat(expected.incomplete().detail()).startsWith("Stream event 5 is not a valid chunk");
				assertThat(failed.keptPartialReply()).isTrue();
				assertThat(failed.partialReply()).isEqualTo(expected);
				assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
				assertThat(failed.keptMessages()).containsExactly(Message.user(QUESTION), expected);
				assertThat(this.conversation.messages()).containsExactly(before.get(0), Message.user(QUESTION),
						expected);
			})
			.verify();

		assertThat(this.server.requestCount()).isOne();
		assertThat(this.server.exchanges().get(0).awaitClosed(PROMPTLY)).isTrue();
	}

	@Test
	void aResendAfterAResetSendsThePartialOnceAndStreamsOnlyTheNewReply() {
		Sinks.Many<String> first = Sinks.many().unicast().onBackpressureBuffer();
		this.server.reply(FakeChatServer.streamThenReset(first.asFlux()), FakeChatServer
			.stream(Flux.just(Payloads.chunk("It is"), Payloads.chunk(" sunny."), Payloads.finish(), Payloads.DONE)));
		first.tryEmitNext(Payloads.chunk("I'm") + Payloads.chunk(" unable"));

		StepVerifier.create(this.conversation.sendAndStreamResponse(QUESTION))
			.expectNext("I'm", " unable")
			.then(first::tryEmitComplete)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(ApiConnectionException.class);
				ApiConnectionException connection = (ApiConnectionException) failure;
				assertThat(connection.attempts()).isOne();
				FailedTurn failed = connection.turn();
				assertThat(failed).isNotNull();
				assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
				assertThat(failed.partialReply().text()).isEqualTo("I'm unable");
			})
			.verify();
		assertThat(this.server.requestCount()).isOne();

		StepVerifier.create(this.conversation.sendAndStreamResponse(QUESTION))
			.expectNext("It is", " sunny.")
			.verifyComplete();

		assertThat(this.server.requestCount()).isEqualTo(2);
		List<Message> history = this.conversation.messages();
		assertThat(history).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "user", "assistant");
		assertThat(history).extracting(Message::text)
			.containsExactly("Be brief.", QUESTION, "I'm unable", QUESTION, "It is sunny.");
		assertThat(((AssistantMessage) history.get(2)).incomplete().reason()).isEqualTo(Incomplete.ERROR);
		assertThat(((AssistantMessage) history.get(4)).incomplete()).isNull();
		JsonNode resent = JSON.readTree(this.server.exchanges().get(1).bodyText()).path("messages");
		assertThat(resent).hasSize(4);
		assertThat(resent.path(2).path("content").stringValue()).isEqualTo("I'm unable");
		assertThat(this.server.exchanges().get(1).bodyText().split("I'm unable", -1)).hasSize(2);
	}

	private static String event(String data) {
		return "data: " + data + "\n\n";
	}

}
