package dev.chatconversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ToolLoopStubs.FixtureTools;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.tool.ChatTool;
import dev.chatconversation.tool.ToolExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ToolLoopStubs.asSent;
import static dev.chatconversation.ToolLoopStubs.functionCallCompletion;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.ToolLoopStubs.textCompletion;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.json;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for tool calls answered by the caller ({@link ToolExecution#MANUAL}): the turn
 * ends with the model's calls, the caller appends the results and continues; and for
 * legacy {@code functions} / {@code function_call} servers.
 */
class ConversationManualToolsTests {

	private static final String QUESTION = "Weather in Edinburgh and the AAPL price?";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void inManualModeTheTurnEndsWithTheCallsAndTheCallerAnswersThemThenContinues() {
		stubRounds(wireMock, json(200, fixture("openai/chat-completion-parallel-tool-calls.json")),
				json(200, textCompletion("12°C; AAPL at 227.5.")));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.tools(tools.getWeatherArgs(), tools.getStockPrice())
			.toolExecution(ToolExecution.MANUAL)
			.build();

		AtomicReference<ChatCompletion> first = new AtomicReference<>();
		StepVerifier.create(conversation.turn(Message.user(QUESTION)).completion())
			.consumeNextWith(first::set)
			.verifyComplete();
		List<ToolCall> calls = first.get().firstChoice().message().toolCalls();
		assertThat(calls).hasSize(2);
		assertThat(tools.calls).isEmpty();
		assertThat(conversation.messages()).extracting(Message::role).containsExactly("user", "assistant");

		StepVerifier.create(conversation.continuation().completion())
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("call_fdNz3vOBKYgOIpMdWotB9MjY")
				.hasMessageContaining("has no result"))
			.verify();
		for (ToolCall call : calls) {
			ChatTool tool = conversation.tools()
				.stream()
				.filter((candidate) -> candidate.name().equals(call.function().name()))
				.findFirst()
				.orElseThrow();
			StepVerifier.create(tool.call(call))
				.assertNext((result) -> conversation.appendMessage(result.toMessage()))
				.verifyComplete();
		}
		StepVerifier.create(conversation.continuation().completion())
			.assertNext((completion) -> assertThat(completion.text()).isEqualTo("12°C; AAPL at 227.5."))
			.verifyComplete();

		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("user", "assistant", "tool", "tool", "assistant");
		List<JsonNode> requests = requestBodies(wireMock);
		assertThat(requests).hasSize(2);
		assertThat(messagesOf(requests.get(1))).isEqualTo(asSent(conversation.messages().subList(0, 4)));
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void continuingAnEmptyConversationFailsWithoutSending() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.build();

		StepVerifier.create(conversation.continuation().events())
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no messages"))
			.verify();
		assertThat(conversation.isTurnRunning()).isFalse();
		assertThat(requestBodies(wireMock)).isEmpty();
	}

	@Test
	void legacyFunctionsAreOfferedAsFunctionsAndAFunctionCallIsAnsweredWithAFunctionMessage() {
		stubRounds(wireMock,
				json(200,
						functionCallCompletion("GetWeatherArgs",
								"{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}")),
				json(200, textCompletion("12°C in Edinburgh.")));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.tools(tools.getWeatherArgs())
			.legacyFunctions(true)
			.build();

		StepVerifier.create(conversation.sendAndGetResponse("Weather in Edinburgh?"))
			.expectNext("12°C in Edinburgh.")
			.verifyComplete();

		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role).containsExactly("user", "assistant", "function", "assistant");
		assertThat(((AssistantMessage) history.get(1)).functionCall()).isEqualTo(
				FunctionCall.of("GetWeatherArgs", "{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}"));
		FunctionMessage result = (FunctionMessage) history.get(2);
		assertThat(result.name()).isEqualTo("GetWeatherArgs");
		assertThat(result.content()).isEqualTo("{\"city\":\"Edinburgh\",\"temperature\":12,\"units\":\"c\"}");
		List<JsonNode> requests = requestBodies(wireMock);
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.has("tools")).isFalse();
			assertThat(request.path("functions").get(0).path("name").asString()).isEqualTo("GetWeatherArgs");
		});
		assertThat(messagesOf(requests.get(1))).isEqualTo(asSent(history.subList(0, 3)));
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

}
