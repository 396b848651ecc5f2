package dev.chatconversation;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.concat;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.errorEvent;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for turns that fail after reply content arrived (I3): the history keeps the
 * user's message and one assistant message with exactly the content received, marked
 * incomplete with the reason; the {@code Flux} ends with an error; nothing is retried;
 * the mark is saved but never sent.
 */
class ConversationPartialTurnTests {

	private static final String QUESTION = "What's the weather in San Francisco?";

	/** The role chunk and the first three content chunks of the capture. */
	private static final List<String> FIRST_THREE = events("openai/stream-text-basic.sse").subList(0, 4);

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	static Stream<Arguments> errorEvents() {
		return Stream.of(arguments("OpenAI error object", errorEvent("The server had an error while processing")),
				// synthetic, in vLLM's shape: the event itself is the error
				arguments("vLLM object error", "{\"object\":\"error\",\"message\":\"The server had an error while "
						+ "processing\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errorEvents")
	void anErrorEventAfterThreeContentChunksKeepsExactlyThatContentMarkedIncomplete(String name, String error) {
		try (ConversationTurnStubs.HeldStream server = new ConversationTurnStubs.HeldStream()) {
			ChatCompletionsConversation conversation = conversation(
					client(server.baseUrl(), RetryPolicy.DEFAULTS, Timeouts.DEFAULTS));
			List<Message> before = conversation.messages();

			StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
				.then(() -> server.send(FIRST_THREE.toArray(String[]::new)))
				.expectNext("I'm", " unable", " to")
				.then(() -> server.send(error))
				.expectErrorSatisfies((failure) -> assertPartial(failure, StreamErrorException.class, Incomplete.ERROR,
						"I'm unable to", conversation, before))
				.verify(Duration.ofSeconds(5));

			assertThat(server.requests()).hasSize(1);
		}
	}

	@Test
	void anErrorEventInTheSameNetworkBufferAsTheContentKeepsThatContent() {
		stubStream(wireMock, sse(concat(FIRST_THREE, List.of(errorEvent("The server had an error")))));
		ChatCompletionsConversation conversation = conversation(
				client(baseUrl(wireMock), RetryPolicy.DEFAULTS, Timeouts.DEFAULTS));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("I'm", " unable", " to")
			.expectErrorSatisfies((failure) -> assertPartial(failure, StreamErrorException.class, Incomplete.ERROR,
					"I'm unable to", conversation, before))
			.verify();

		assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	@Test
	void aToolCallCutShortIsLeftOutOfThePartialSoTheHistoryStaysValidToSend() {
		// the capture's text and the first pieces of its tool call, then an error event
		List<String> cut = events("anthropic-compat/stream-tool-call-index-starts-at-1.sse").subList(0, 6);
		stubStream(wireMock, sse(concat(cut, List.of(errorEvent("The server had an error")))));
		ChatCompletionsConversation conversation = conversation(
				client(baseUrl(wireMock), RetryPolicy.DEFAULTS, Timeouts.DEFAULTS));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("Reading", " it.")
			.expectErrorSatisfies((failure) -> {
				AssistantMessage partial = assertPartial(failure, StreamErrorException.class, Incomplete.ERROR,
						"Reading it.", conversation, before);
				assertThat(partial.toolCalls()).isEmpty();
				assertThat(partial.functionCall()).isNull();
			})
			.verify();
	}

	@Test
	void aStreamCutShortInsideItsOnlyToolCallLeavesTheHistoryAsBefore() {
		// the tool call's pieces without the text before it, then an error event
		List<String> events = events("anthropic-compat/stream-tool-call-index-starts-at-1.sse");
		List<String> cut = concat(events.subList(0, 1), events.subList(3, 6));
		stubStream(wireMock, sse(concat(cut, List.of(errorEvent("The server had an error")))));
		ChatCompletionsConversation conversation = conversation(
				client(baseUrl(wireMock), RetryPolicy.DEFAULTS, Timeouts.DEFAULTS));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectErrorSatisfies((failure) -> {
			FailedTurn failed = FailedTurns.failedTurn(failure, StreamErrorException.class);
			assertThat(failed.keptPartialReply()).isFalse();
			assertThat(failed.historyUnchanged()).isTrue();
			assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
			assertThat(conversation.messages()).isEqualTo(before);
		}).verify();
	}

	@Test
	void aStreamThatEndsWithoutDoneOrFinishReasonKeepsThePartialMarkedIncomplete() {
		// a truncated copy of the capture: the role chunk and five content chunks, then
		// the body ends
		List<String> truncated = events("openai/stream-text-basic.sse").subList(0, 6);
		stubStream(wireMock, sse(truncated));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("I'm", " unable", " to", " provide", " real")
			.expectErrorSatisfies((failure) -> {
				AssistantMessage partial = assertPartial(failure, StreamErrorException.class, Incomplete.ERROR,
						"I'm unable to provide real", conversation, before);
				assertThat(partial.incomplete().detail()).contains("[DONE]");
			})
			.verify();
	}

	@Test
	void aConnectionResetAfterContentKeepsThePartialAndIsNotRetried() {
		try (ConversationTurnStubs.HeldStream server = new ConversationTurnStubs.HeldStream()) {
			ChatCompletionsConversation conversation = conversation(
					client(server.baseUrl(), RetryPolicy.DEFAULTS, Timeouts.DEFAULTS));
			List<Message> before = conversation.messages();

			StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
				.then(() -> server.send(FIRST_THREE.toArray(String[]::new)))
				.expectNext("I'm", " unable", " to")
				.then(server::reset)
				.expectErrorSatisfies((failure) -> assertPartial(failure, ApiConnectionException.class,
						Incomplete.ERROR, "I'm unable to", conversation, before))
				.verify(Duration.ofSeconds(5));

			assertThat(server.requests()).hasSize(1);
		}
	}

	@Test
	void aStreamThatStallsAfterContentTimesOutAndKeepsThePartialMarkedTimeout() {
		try (ConversationTurnStubs.HeldStream server = new ConversationTurnStubs.HeldStream()) {
			Timeouts timeouts = Timeouts.DEFAULTS.withStreamIdle(Duration.ofMillis(500));
			ChatCompletionsConversation conversation = conversation(
					client(server.baseUrl(), RetryPolicy.DEFAULTS, timeouts));
			List<Message> before = conversation.messages();

			StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
				.then(() -> server.send(FIRST_THREE.toArray(String[]::new)))
				.expectNext("I'm", " unable", " to")
				.expectErrorSatisfies((failure) -> {
					AssistantMessage partial = assertPartial(failure, ApiTimeoutException.class, Incomplete.TIMEOUT,
							"I'm unable to", conversation, before);
					assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.STREAM_IDLE);
					assertThat(partial.incomplete().detail()).contains("No stream event within");
				})
				.verify(Duration.ofSeconds(5));

			assertThat(server.requests()).hasSize(1);
		}
	}

	@Test
	void aTurnThatOutlivesItsOwnTotalTimeoutKeepsThePartialMarkedTimeout() {
		try (ConversationTurnStubs.HeldStream server = new ConversationTurnStubs.HeldStream()) {
			ChatCompletionsConversation conversation = conversation(server.baseUrl());
			List<Message> before = conversation.messages();

			// virtual time: the deadline passes only once the content has arrived
			StepVerifier
				.withVirtualTime(() -> conversation.sendAndStreamResponse(QUESTION,
						(options) -> options.timeout(Duration.ofSeconds(30))))
				.then(() -> server.send(FIRST_THREE.toArray(String[]::new)))
				.expectNext("I'm", " unable", " to")
				.thenAwait(Duration.ofSeconds(30))
				.expectErrorSatisfies((failure) -> {
					assertPartial(failure, ApiTimeoutException.class, Incomplete.TIMEOUT, "I'm unable to", conversation,
							before);
					assertThat(((ApiTimeoutException) failure).kind()).isEqualTo(ApiTimeoutException.Kind.TOTAL);
				})
				.verify(Duration.ofSeconds(5));

			assertThat(server.requests()).singleElement().asString().doesNotContain("timeout");
		}
	}

	@Test
	void theIncompleteMarkSurvivesSavingAndLoading() {
		stubStream(wireMock, sse(FIRST_THREE));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectNextCount(3).expectError().verify();

		String json = conversation.toJson();
		ChatCompletionsConversation loaded = ChatCompletionsConversation.builder().build();
		loaded.loadFromJson(json);

		assertThat(JsonMapper.shared().readTree(json).at("/2/incomplete/reason").stringValue()).isEqualTo("error");
		assertThat(loaded.messages()).isEqualTo(conversation.messages());
		AssistantMessage partial = (AssistantMessage) loaded.messages().get(2);
		assertThat(partial.incomplete().reason()).isEqualTo(Incomplete.ERROR);
		assertThat(partial.text()).isEqualTo("I'm unable to");
		assertThat(loaded.toJson()).isEqualTo(json);
	}

	@Test
	void theNextRequestSendsThePartialTextButNeitherTheMarkNorTheFinishReason() {
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		stubStream(wireMock, textReply("Hello"));
		StepVerifier.create(conversation.sendAndStreamResponse("Hi")).expectNext("Hello").verifyComplete();
		stubStream(wireMock, sse(FIRST_THREE));
		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectNextCount(3).expectError().verify();
		stubStream(wireMock, textReply("Sorry, as I was saying..."));

		StepVerifier.create(conversation.sendAndStreamResponse("Go on")).expectNextCount(1).verifyComplete();

		String third = requestTexts(wireMock).get(2);
		assertThat(third).doesNotContain("incomplete", "finish_reason", "cancelled");
		OpenApiRequestSchema.chatCompletionRequest().assertValid(third);
		JsonNode body = requestBodies(wireMock).get(2);
		assertThat(messagesOf(body)).containsExactly(Message.system("Be brief."), Message.user("Hi"),
				Message.assistant("Hello"), Message.user(QUESTION), Message.assistant("I'm unable to"),
				Message.user("Go on"));
		assertThat(conversation.messages()).hasSize(7);
	}

	/**
	 * Asserts the whole outcome of a turn that failed after content: the error, what it
	 * carries, and the history (before, then the user message, then the partial).
	 */
	private static AssistantMessage assertPartial(Throwable failure, Class<? extends ChatCompletionsException> cause,
			String reason, String text, ChatCompletionsConversation conversation, List<Message> before) {
		FailedTurn failed = FailedTurns.failedTurn(failure, cause);
		assertThat(failed.keptPartialReply()).isTrue();
		assertThat(failure).hasMessageContaining("the partial reply was kept in the history, marked incomplete");
		assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
		AssistantMessage expected = AssistantMessage.builder()
			.content(text)
			.incomplete(new Incomplete(reason, FailedTurns.messageBeforeTurn(failure)))
			.build();
		assertThat(failed.partialReply()).isEqualTo(expected);
		assertThat(failed.keptMessages()).containsExactly(Message.user(QUESTION), expected);
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user(QUESTION), expected));
		return failed.partialReply();
	}

}
