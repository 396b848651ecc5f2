package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ConversationEvent.Completed;
import dev.chatconversation.ConversationEvent.ReasoningDelta;
import dev.chatconversation.ConversationEvent.TextDelta;
import dev.chatconversation.ConversationEvent.ToolCallCompleted;
import dev.chatconversation.ConversationEvent.ToolCallRequested;
import dev.chatconversation.ToolLoopStubs.FixtureTools;
import dev.chatconversation.ToolLoopStubs.GetWeatherArgs;
import dev.chatconversation.ToolLoopStubs.StockQuery;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.tool.ChatTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.contentOf;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.reasoningOf;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.ToolLoopStubs.asSent;
import static dev.chatconversation.ToolLoopStubs.completed;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.ToolLoopStubs.textCompletion;
import static dev.chatconversation.ToolLoopStubs.toolCallStream;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.ChatWireMock.json;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the tool loop that succeeds, streamed and not: the model's calls are run
 * (parallel calls at once), each answered by its own {@code tool} message, the results
 * sent, and the final reply appended; every round's text reaches the subscriber and the
 * calls and results are reported as events. Round 1 is a captured tool-call response
 * where one fits; later rounds are synthetic.
 */
class ConversationToolLoopTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String QUESTION = "Weather in Edinburgh and the AAPL price?";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void runsParallelCallsAtTheSameTimeAndAnswersEachWithItsOwnToolMessage() {
		// each tool waits until both have started, so tools run in turn would fail
		CountDownLatch bothStarted = new CountDownLatch(2);
		ChatTool weather = ChatTool.of("GetWeatherArgs", "The weather", GetWeatherArgs.class,
				(query) -> awaitBoth(bothStarted, "{\"temperature\": 12}"));
		ChatTool stock = ChatTool.of("get_stock_price", "A share price", StockQuery.class,
				(query) -> awaitBoth(bothStarted, "{\"price\": 227.5}"));
		stubRounds(wireMock, json(200, fixture("openai/chat-completion-parallel-tool-calls.json")),
				json(200, textCompletion("12°C in Edinburgh; AAPL is at 227.5.")));
		ChatCompletionsConversation conversation = conversation(weather, stock);

		StepVerifier.create(conversation.sendAndGetResponse(QUESTION))
			.expectNext("12°C in Edinburgh; AAPL is at 227.5.")
			.verifyComplete();

		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool", "tool", "assistant");
		AssistantMessage calls = (AssistantMessage) history.get(2);
		assertThat(calls.toolCalls()).extracting(ToolCall::id)
			.containsExactly("call_fdNz3vOBKYgOIpMdWotB9MjY", "call_h1DWI1POMJLb0KwIyQHWXD4p");
		assertThat(history.subList(3, 5)).containsExactly(
				Message.tool("call_fdNz3vOBKYgOIpMdWotB9MjY", "{\"temperature\": 12}"),
				Message.tool("call_h1DWI1POMJLb0KwIyQHWXD4p", "{\"price\": 227.5}"));
		List<JsonNode> requests = requestBodies(wireMock);
		assertThat(requests).hasSize(2);
		assertThat(messagesOf(requests.get(1))).isEqualTo(asSent(history.subList(0, 5)));
		assertThat(requests).allSatisfy((request) -> assertThat(request.path("tools")).hasSize(2));
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	static Stream<String> capturedToolCallStreams() {
		return Stream.of("openai/stream-tool-calls-parallel.sse", "openai/stream-tool-call-args-split.sse",
				"deepseek/stream-reasoning-tool-call.sse", "mistral/stream-tool-call.sse",
				"qwen-dashscope/stream-tool-call-empty-id-continuation.sse", "groq/stream-tool-call.sse",
				"xai/stream-reasoning-tool-call.sse", "anthropic-compat/stream-tool-call-index-starts-at-1.sse");
	}

	@ParameterizedTest
	@MethodSource("capturedToolCallStreams")
	void streamsACapturedToolCallRoundThenTheAnswerAndReportsEveryStep(String capture) {
		stubRounds(wireMock, eventStream(fixture(capture)), eventStream(textReply("Done", ".")));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation conversation = conversation(tools.all().toArray(ChatTool[]::new));

		List<ConversationEvent> seen = completed(conversation.turn(QUESTION).events());

		List<Message> history = conversation.messages();
		AssistantMessage reply = (AssistantMessage) history.get(2);
		List<ToolCall> calls = reply.toolCalls();
		assertThat(calls).isNotEmpty();
		assertThat(tools.calls).hasSize(calls.size());
		assertThat(history.subList(3, 3 + calls.size()))
			.allSatisfy((message) -> assertThat(message).isInstanceOf(ToolMessage.class))
			.extracting((message) -> ((ToolMessage) message).toolCallId())
			.containsExactlyElementsOf(calls.stream().map(ToolCall::id).toList());
		assertThat(history.get(history.size() - 1))
			.isEqualTo(AssistantMessage.builder().content("Done.").finishReason("stop").build());
		assertThat(seen).filteredOn(ToolCallRequested.class::isInstance)
			.extracting((event) -> ((ToolCallRequested) event).call())
			.containsExactlyElementsOf(calls);
		assertThat(seen).filteredOn(ToolCallCompleted.class::isInstance).hasSize(calls.size());
		assertThat(text(seen)).isEqualTo(contentOf(events(capture)) + "Done.");
		assertThat(seen.get(seen.size() - 1)).isInstanceOf(Completed.class);
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void textBeforeAndBetweenToolCallsReachesTheSubscriber() {
		// synthetic rounds: text then a call, text then another call, then the answer
		stubRounds(wireMock,
				eventStream(toolCallStream("Let me check. ",
						ToolCall.function("call_1", "GetWeatherArgs",
								"{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}"))),
				eventStream(toolCallStream("Now the price. ",
						ToolCall.function("call_2", "get_stock_price",
								"{\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}"))),
				eventStream(textReply("Both ", "done.")));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation conversation = conversation(tools.getWeatherArgs(), tools.getStockPrice());

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectNext("Let me check. ", "Now the price. ", "Both ", "done.")
			.verifyComplete();

		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool", "assistant", "tool", "assistant");
		assertThat(conversation.messages()).extracting(Message::text)
			.containsSubsequence("Let me check. ", "Now the price. ", "Both done.");
		assertThat(requestBodies(wireMock)).hasSize(3);
	}

	@Test
	void reportsCallsBeforeTheirResultsAndKeepsReasoningApartFromText() {
		String capture = "deepseek/stream-reasoning-tool-call.sse";
		stubRounds(wireMock, eventStream(fixture(capture)), eventStream(textReply("Cloudy, 7°C.")));
		ChatCompletionsConversation conversation = conversation(new FixtureTools().weather());

		List<ConversationEvent> seen = completed(conversation.turn(QUESTION).events());

		List<Class<?>> kinds = seen.stream().<Class<?>>map(Object::getClass).distinct().toList();
		assertThat(kinds).containsExactly(ReasoningDelta.class, ToolCallRequested.class, ToolCallCompleted.class,
				TextDelta.class, Completed.class);
		assertThat(reasoning(seen)).isEqualTo(reasoningOf(events(capture)));
		assertThat(text(seen)).isEqualTo("Cloudy, 7°C.");
	}

	@Test
	void aToolThatThrowsSendsItsErrorToTheModelAndTheLoopGoesOn() {
		ChatTool failing = ChatTool.of("GetWeatherArgs", "The weather", GetWeatherArgs.class, (query) -> {
			throw new IllegalStateException("The weather service is down");
		});
		stubRounds(wireMock, eventStream(fixture("openai/stream-tool-call-args-split.sse")),
				eventStream(textReply("Sorry, I cannot get the weather right now.")));
		ChatCompletionsConversation conversation = conversation(failing);

		List<ConversationEvent> seen = completed(conversation.turn(QUESTION).events());

		ToolCall call = ((AssistantMessage) conversation.messages().get(2)).toolCalls().get(0);
		ToolMessage error = Message.tool(call.id(), "{\"error\":\"The weather service is down\"}");
		assertThat(conversation.messages().get(3)).isEqualTo(error);
		assertThat(conversation.messages().get(4).text()).isEqualTo("Sorry, I cannot get the weather right now.");
		assertThat(seen).filteredOn(ToolCallCompleted.class::isInstance)
			.singleElement()
			.isEqualTo(new ToolCallCompleted(call, error, true));
		assertThat(messagesOf(requestBodies(wireMock).get(1))).last().isEqualTo(error);
	}

	@Test
	void aNonStreamedLoopAnswersTheCapturedCallToo() {
		FixtureTools tools = new FixtureTools();
		stubRounds(wireMock, json(200, fixture("openai/chat-completion-tool-call.json")),
				json(200, textCompletion("12°C.")));
		ChatCompletionsConversation conversation = conversation(tools.getWeatherArgs());

		StepVerifier.create(conversation.sendAndGetResponse(QUESTION)).expectNext("12°C.").verifyComplete();

		assertThat(tools.calls).containsExactly(new GetWeatherArgs("Edinburgh", "UK", "c"));
		assertThat(conversation.messages().get(3)).isEqualTo(Message.tool("call_Y6qJ7ofLgOrBnMD5WbVAeiRV",
				"{\"city\":\"Edinburgh\",\"temperature\":12,\"units\":\"c\"}"));
	}

	@Test
	void theCompletionOfANonStreamedLoopIsTheLastRounds() {
		stubRounds(wireMock, json(200, fixture("openai/chat-completion-tool-call.json")),
				json(200, textCompletion("12°C.")));
		ChatCompletionsConversation conversation = conversation(new FixtureTools().getWeatherArgs());

		StepVerifier.create(conversation.turn(Message.user(QUESTION)).completion()).assertNext((completion) -> {
			assertThat(completion.text()).isEqualTo("12°C.");
			assertThat(completion.firstChoice().finishReason()).isEqualTo("stop");
		}).verifyComplete();
	}

	@Test
	void aTurnWithoutToolCallsIsOneRoundAndStillOffersTheTools() {
		stubRounds(wireMock, eventStream(textReply("Hello")));
		ChatCompletionsConversation conversation = conversation(new FixtureTools().weather());

		StepVerifier.create(conversation.turn("Hi").events())
			.expectNext(new TextDelta("Hello"))
			.assertNext((event) -> assertThat(event).isInstanceOf(Completed.class))
			.verifyComplete();

		JsonNode request = requestBodies(wireMock).get(0);
		assertThat(request.path("tools").get(0).path("function").path("name").asString()).isEqualTo("weather");
		assertThat(request.path("tools").get(0).path("function").path("strict").booleanValue()).isTrue();
	}

	@Test
	void aForkKeepsTheTools() {
		stubRounds(wireMock, eventStream(textReply("Hello")));
		ChatCompletionsConversation fork = conversation(new FixtureTools().weather()).fork();

		StepVerifier.create(fork.sendAndStreamResponse("Hi")).expectNext("Hello").verifyComplete();

		assertThat(fork.tools()).extracting(ChatTool::name).containsExactly("weather");
		assertThat(requestBodies(wireMock).get(0).path("tools")).hasSize(1);
	}

	static ChatCompletionsConversation conversation(ChatTool... tools) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.systemPrompt("Be brief.")
			.tools(tools)
			.build();
	}

	private static String text(List<ConversationEvent> events) {
		StringBuilder text = new StringBuilder();
		events.stream().filter(TextDelta.class::isInstance).forEach((event) -> text.append(((TextDelta) event).text()));
		return text.toString();
	}

	private static String reasoning(List<ConversationEvent> events) {
		List<String> pieces = new ArrayList<>();
		events.stream()
			.filter(ReasoningDelta.class::isInstance)
			.forEach((event) -> pieces.add(((ReasoningDelta) event).text()));
		return String.join("", pieces);
	}

	private static String awaitBoth(CountDownLatch bothStarted, String result) {
		bothStarted.countDown();
		try {
			if (!bothStarted.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The other tool did not start");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return result;
	}

}
