package dev.chatconversation;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.errorEvent;
import static dev.chatconversation.ConversationTurnStubs.finishChunk;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.PATH;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.ChatWireMock.json;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for turns that fail before any reply content (I1) or produce an empty reply (I4):
 * the history is exactly as before, the failure carries the user's message and its typed
 * cause, and the same message can be sent again.
 */
class ConversationFailedTurnTests {

	private static final AssistantMessage HELLO = AssistantMessage.builder()
		.content("Hello")
		.finishReason("stop")
		.build();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	static Stream<Arguments> failuresBeforeContent() {
		return Stream.of(
				arguments("HTTP 500 with retries off",
						json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"),
						InternalServerException.class),
				arguments("HTTP 400", json(400, fixture("openai/error-400-context-length-exceeded.json")),
						BadRequestException.class),
				arguments("connection reset before the response", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
						ApiConnectionException.class),
				arguments("connection closed without a response", aResponse().withFault(Fault.EMPTY_RESPONSE),
						ApiConnectionException.class),
				arguments("an error event before the first chunk", eventStream(sse(errorEvent("Overloaded"))),
						StreamErrorException.class),
				arguments("a role-only chunk then an error event",
						eventStream(sse(roleChunk(), errorEvent("Overloaded"))), StreamErrorException.class),
				arguments("a role-only chunk then the end of the body", eventStream(sse(roleChunk())),
						StreamErrorException.class));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failuresBeforeContent")
	void aFailureBeforeAnyContentLeavesTheHistoryAsItWasAndTheMessageCanBeSentAgain(String name,
			ResponseDefinitionBuilder failure, Class<? extends ChatCompletionsException> cause) {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).willReturn(failure));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();
		AtomicReference<FailedTurn> failed = new AtomicReference<>();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies((error) -> failed.set(assertFailedBeforeContent(error, cause)))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
		stubStream(wireMock, textReply("Hello"));
		StepVerifier.create(conversation.turn(failed.get().userMessage()).chunks()).expectNextCount(3).verifyComplete();
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("Hi"), HELLO));
		assertThat(requestBodies(wireMock)).last().satisfies((body) -> assertThat(body.path("messages")).hasSize(2));
	}

	@Test
	void aRefusedConnectionLeavesTheHistoryAsItWasAndTheMessageCanBeSentAgain() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		ChatCompletionsConversation conversation = conversation("http://localhost:" + port + "/v1");
		List<Message> before = conversation.messages();
		AtomicReference<FailedTurn> failed = new AtomicReference<>();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies((error) -> failed.set(assertFailedBeforeContent(error, ApiConnectionException.class)))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
		WireMockServer server = new WireMockServer(wireMockConfig().port(port));
		server.start();
		try {
			server.stubFor(post(urlPathEqualTo(PATH)).willReturn(eventStream(textReply("Hello"))));
			StepVerifier.create(conversation.turn(failed.get().userMessage()).chunks())
				.expectNextCount(3)
				.verifyComplete();
		}
		finally {
			server.stop();
		}
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("Hi"), HELLO));
	}

	@Test
	void becauseAFailedTurnRestoresTheHistoryRetryingTheFluxSendsTheMessageOnce() {
		wireMock.stubFor(post(urlPathEqualTo(PATH)).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("recovered")
			.willReturn(json(500, "{\"error\":{\"message\":\"The server had an error\"}}")));
		wireMock.stubFor(post(urlPathEqualTo(PATH)).inScenario("retry")
			.whenScenarioStateIs("recovered")
			.willReturn(eventStream(textReply("Hello"))));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi").retry(1)).expectNext("Hello").verifyComplete();

		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("Hi"), HELLO));
		assertThat(requestBodies(wireMock)).hasSize(2)
			.allSatisfy((body) -> assertThat(body.path("messages")).hasSize(2));
	}

	static Stream<Arguments> emptyStreams() {
		return Stream.of(arguments("role-only delta, finish chunk, [DONE]", sse(
				// synthetic: no content, only a role, then stop
				"{\"id\":\"empty\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-2.5-flash\","
						+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}",
				finishChunk("stop"), "[DONE]")), arguments("Gemini: one role-only chunk with stop and 0 tokens",
						sse(
								// synthetic, in the shape reported for Gemini's OpenAI
								// endpoint
								"{\"id\":\"empty\",\"object\":\"chat.completion.chunk\",\"created\":1,"
										+ "\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":"
										+ "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}],"
										+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0,\"total_tokens\":5}}",
								"[DONE]")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("emptyStreams")
	void anEmptyStreamedReplyFailsAndAppendsNoAssistantMessage(String name, String body) {
		stubStream(wireMock, body);
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi")).expectErrorSatisfies((error) -> {
			assertFailedBeforeContent(error, EmptyReplyException.class);
			assertThat(error).hasMessageContaining("finish reason: stop");
		}).verify();

		assertThat(conversation.messages()).isEqualTo(before).noneMatch(AssistantMessage.class::isInstance);
	}

	private static FailedTurn assertFailedBeforeContent(Throwable error, Class<? extends Throwable> expected) {
		FailedTurn failed = FailedTurns.failedTurn(error, expected);
		assertThat(failed.userMessage()).isEqualTo(Message.user("Hi"));
		assertThat(failed.keptPartialReply()).isFalse();
		assertThat(failed.partialReply()).isNull();
		assertThat(failed.historyUnchanged()).isTrue();
		assertThat(error).hasMessageContaining("the history is unchanged; send the user message again");
		return failed;
	}

}
