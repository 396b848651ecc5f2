package dev.chatconversation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ConversationEvent.ToolCallRequested;
import dev.chatconversation.ToolLoopStubs.FixtureTools;
import dev.chatconversation.ToolLoopStubs.GetWeatherArgs;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.structured.StructuredOutputException;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.tool.ChatTool;
import dev.chatconversation.tool.ToolArgumentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.ToolLoopStubs.toolCallStream;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.ChatWireMock.json;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for tool loops that do not end with a reply: invalid arguments, too many rounds,
 * a later round that fails before or after content, a cancellation while tools run. The
 * completed rounds stay, the failing round follows I1/I3, every call in the history has a
 * result (so the next request is valid), and the turn ends exactly once.
 */
class ConversationToolFailureTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String QUESTION = "Weather in Edinburgh?";

	private static final ToolCall EDINBURGH = ToolCall.function("call_1", "GetWeatherArgs",
			"{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}");

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void argumentsThatAreNotValidJsonFailTheTurnWithoutCallingTheToolAndLeaveEveryCallAnswered() {
		// synthetic, in the shape of Gemini's parallel calls glued under one index
		// (su-kaka/gcli2api#406): two argument objects in one call
		ToolCall glued = ToolCall.function("call_1", "GetWeatherArgs",
				"{\"city\": \"Paris\", \"country\": \"FR\", \"units\": \"c\"}{\"city\": \"Rome\", \"country\": \"IT\", \"units\": \"c\"}");
		stubRounds(wireMock, eventStream(toolCallStream(null, glued)), eventStream(textReply("Let me try again.")));
		AtomicInteger invocations = new AtomicInteger();
		ChatCompletionsConversation conversation = conversation(
				ChatTool.of("GetWeatherArgs", null, GetWeatherArgs.class, (query) -> invocations.incrementAndGet()));

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectErrorSatisfies((failure) -> {
			FailedTurn failed = FailedTurns.failedTurn(failure, ToolArgumentsException.class);
			ToolArgumentsException invalid = (ToolArgumentsException) failure;
			assertThat(invalid.toolName()).isEqualTo("GetWeatherArgs");
			assertThat(invalid.callId()).isEqualTo("call_1");
			assertThat(((StructuredOutputException) invalid.getCause()).kind())
				.isEqualTo(StructuredOutputException.Kind.INVALID_JSON);
			assertThat(failed.keptMessages()).hasSize(3);
			assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
		}).verify();

		assertThat(invocations).hasValue(0);
		assertThat(requestBodies(wireMock)).hasSize(1);
		assertThat(conversation.isTurnRunning()).isFalse();
		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role).containsExactly("system", "user", "assistant", "tool");
		assertThat(((AssistantMessage) history.get(2)).toolCalls()).containsExactly(glued);
		assertNotRun((ToolMessage) history.get(3), "call_1", "invalid arguments");

		StepVerifier.create(conversation.continuation().events())
			.expectNext(new ConversationEvent.TextDelta("Let me try again."))
			.assertNext((event) -> assertThat(event).isInstanceOf(ConversationEvent.Completed.class))
			.verifyComplete();
		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool", "assistant");
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void argumentsThatDoNotMatchTheParametersFailTheTurnAndNoToolOfThatRoundRuns() {
		ToolCall missingCity = ToolCall.function("call_2", "GetWeatherArgs", "{\"country\": \"GB\", \"units\": \"c\"}");
		stubRounds(wireMock, eventStream(toolCallStream("Checking.", EDINBURGH, missingCity)));
		AtomicInteger invocations = new AtomicInteger();
		ChatCompletionsConversation conversation = conversation(
				ChatTool.of("GetWeatherArgs", null, GetWeatherArgs.class, (query) -> invocations.incrementAndGet()));

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("Checking.")
			.expectErrorSatisfies((failure) -> {
				FailedTurn failed = FailedTurns.failedTurn(failure, ToolArgumentsException.class);
				assertThat(failure).hasMessageContaining("call id 'call_2'")
					.hasMessageContaining("required property $.city is missing");
				assertThat(failed.keptMessages()).hasSize(4);
			})
			.verify();

		assertThat(invocations).hasValue(0);
		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role).containsExactly("system", "user", "assistant", "tool", "tool");
		assertNotRun((ToolMessage) history.get(3), "call_1", "required property $.city is missing");
		assertNotRun((ToolMessage) history.get(4), "call_2", "required property $.city is missing");
	}

	@Test
	void aModelThatKeepsCallingToolsFailsTheTurnAfterTheMaximumNumberOfRounds() {
		stubStream(wireMock, toolCallStream(null, EDINBURGH));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.tools(tools.getWeatherArgs())
			.maxToolRounds(2)
			.build();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectErrorSatisfies((failure) -> {
			FailedTurn failed = FailedTurns.failedTurn(failure, ToolRoundsExceededException.class);
			assertThat(failure).hasMessageContaining("the completed tool rounds were kept");
			assertThat(((ToolRoundsExceededException) failure).maxRounds()).isEqualTo(2);
			assertThat(failed.keptMessages()).hasSize(7);
		}).verify();

		assertThat(requestBodies(wireMock)).hasSize(3);
		assertThat(tools.calls).hasSize(2);
		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role)
			.containsExactly("user", "assistant", "tool", "assistant", "tool", "assistant", "tool");
		assertThat(history.get(2).text()).contains("Edinburgh");
		assertNotRun((ToolMessage) history.get(6), "call_1", "after 2 tool rounds");
	}

	@Test
	void aLaterRoundThatFailsBeforeAnyContentKeepsTheCompletedRounds() {
		stubRounds(wireMock, eventStream(toolCallStream(null, EDINBURGH)),
				json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
		ChatCompletionsConversation conversation = conversation(new FixtureTools().getWeatherArgs());

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION)).expectErrorSatisfies((failure) -> {
			FailedTurn failed = FailedTurns.failedTurn(failure, InternalServerException.class);
			assertThat(failure).hasMessageContaining("the completed tool rounds were kept");
			assertThat(failed.partialReply()).isNull();
			assertThat(failed.userMessage()).isEqualTo(Message.user(QUESTION));
			assertThat(failed.keptMessages()).isEqualTo(conversation.messages().subList(1, 4));
		}).verify();

		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool");
		assertThat(conversation.isTurnRunning()).isFalse();
	}

	@Test
	void aLaterRoundThatFailsAfterContentKeepsTheCompletedRoundsAndThePartialReply() {
		// synthetic round 2: two content chunks, then the body ends without a finish
		// reason
		stubRounds(wireMock, eventStream(toolCallStream(null, EDINBURGH)),
				eventStream(sse(roleChunk(), contentChunk("It is"), contentChunk(" 12"))));
		ChatCompletionsConversation conversation = conversation(new FixtureTools().getWeatherArgs());

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("It is", " 12")
			.expectErrorSatisfies((failure) -> {
				FailedTurn failed = FailedTurns.failedTurn(failure, StreamErrorException.class);
				assertThat(failed.partialReply().text()).isEqualTo("It is 12");
				assertThat(failed.keptMessages()).hasSize(4);
			})
			.verify();

		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool", "assistant");
		AssistantMessage partial = (AssistantMessage) history.get(4);
		assertThat(partial.text()).isEqualTo("It is 12");
		assertThat(partial.incomplete().reason()).isEqualTo(Incomplete.ERROR);
	}

	@Test
	void cancellingWhileAToolRunsKeepsTheCallAnsweredAsNotRunAndEndsTheTurn() {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		ChatTool slow = ChatTool.of("GetWeatherArgs", null, GetWeatherArgs.class, (query) -> {
			started.countDown();
			return await(release) ? "late" : "timed out";
		});
		stubRounds(wireMock, eventStream(toolCallStream("One moment.", EDINBURGH)));
		ChatCompletionsConversation conversation = conversation(slow);

		try {
			StepVerifier.create(conversation.turn(QUESTION).events())
				.expectNextCount(1)
				.expectNextMatches(ToolCallRequested.class::isInstance)
				.then(() -> assertThat(await(started)).isTrue())
				.thenCancel()
				.verify(Duration.ofSeconds(5));
		}
		finally {
			release.countDown();
		}

		assertThat(conversation.isTurnRunning()).isFalse();
		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role).containsExactly("system", "user", "assistant", "tool");
		assertThat(history.get(2).text()).isEqualTo("One moment.");
		assertNotRun((ToolMessage) history.get(3), "call_1", "The subscriber cancelled the turn");
	}

	@Test
	void aRegenerationWithToolsReplacesThePreviousReplyWithItsRoundsOnlyWhenItSucceeds() {
		stubRounds(wireMock, eventStream(toolCallStream(null, EDINBURGH)),
				json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.messages(List.of(Message.user(QUESTION), Message.assistant("I don't know.")))
			.tools(new FixtureTools().getWeatherArgs())
			.build();
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.regenerate())
			.expectErrorSatisfies((failure) -> assertThat(failure).hasMessageContaining("the previous reply was kept"))
			.verify();
		assertThat(conversation.messages()).isEqualTo(before);

		wireMock.resetAll();
		stubRounds(wireMock, eventStream(toolCallStream(null, EDINBURGH)), eventStream(textReply("12°C.")));
		StepVerifier.create(conversation.regenerate()).expectNext("12°C.").verifyComplete();
		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("user", "assistant", "tool", "assistant");
		assertThat(conversation.messages().get(3).text()).isEqualTo("12°C.");
	}

	private static void assertNotRun(ToolMessage message, String callId, String reason) {
		assertThat(message.toolCallId()).isEqualTo(callId);
		assertThat(JSON.readTree(message.text()).path("error").asString()).startsWith("Not run: ").contains(reason);
	}

	private static ChatCompletionsConversation conversation(ChatTool... tools) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.systemPrompt("Be brief.")
			.tools(tools)
			.build();
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
