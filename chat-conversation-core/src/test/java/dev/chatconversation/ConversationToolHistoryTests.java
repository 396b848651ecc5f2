package dev.chatconversation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ToolLoopStubs.FixtureTools;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.ToolLoopStubs.asSent;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the messages of tool loops in the history: they all survive save and load
 * (the tool results too), the next request built from a loaded history is valid, and
 * trimming never separates a tool call from its result.
 */
class ConversationToolHistoryTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@TempDir
	Path folder;

	@Test
	void aWholeToolLoopSurvivesSaveAndLoadAndTheNextRequestIsValid() {
		stubRounds(wireMock, eventStream(fixture("deepseek/stream-reasoning-tool-call.sse")),
				eventStream(textReply("Cloudy, 7°C.")), eventStream(textReply("You're welcome.")));
		FixtureTools tools = new FixtureTools();
		ChatCompletionsConversation first = conversation(tools);
		StepVerifier.create(first.sendAndStreamResponse("Weather in San Francisco?"))
			.expectNext("Cloudy, 7°C.")
			.verifyComplete();
		Path file = this.folder.resolve("conversation.json");

		first.saveToJsonFile(file);
		ChatCompletionsConversation loaded = conversation(tools);
		loaded.loadFromJsonFile(file);

		assertThat(loaded.messages()).isEqualTo(first.messages());
		assertThat(loaded.toJson()).isEqualTo(first.toJson());
		assertThat(loaded.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "tool", "assistant");
		AssistantMessage calls = (AssistantMessage) loaded.messages().get(2);
		assertThat(calls.reasoningContent()).isNotEmpty();
		assertThat(((ToolMessage) loaded.messages().get(3)).toolCallId()).isEqualTo(calls.toolCalls().get(0).id());

		StepVerifier.create(loaded.sendAndStreamResponse("Thanks!")).expectNext("You're welcome.").verifyComplete();
		List<JsonNode> requests = requestBodies(wireMock);
		assertThat(messagesOf(requests.get(2))).isEqualTo(asSent(loaded.messages().subList(0, 6)));
		// thinking mode with tools wants the reasoning back on the tool-call message
		assertThat(requests.get(2).path("messages").get(2).has("reasoning_content")).isTrue();
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void keepingTheLastTurnsCutsOnlyBeforeUserMessagesAndKeepsTheLeadingInstructions() {
		ChatCompletionsConversation conversation = conversation(new FixtureTools());
		conversation.appendDeveloperMessage("Use metric units.");
		List<Message> turn1 = toolTurn("Weather in Paris?", "call_p", "call_q");
		List<Message> turn2 = List.of(Message.user("Thanks"), Message.assistant("You're welcome."));
		List<Message> turn3 = toolTurn("And in Rome?", "call_r");
		turn1.forEach(conversation::appendMessage);
		turn2.forEach(conversation::appendMessage);
		turn3.forEach(conversation::appendMessage);
		List<Message> instructions = conversation.messages().subList(0, 2);

		assertThat(conversation.keepLastTurns(5)).isEmpty();
		assertThat(conversation.keepLastTurns(2)).isEqualTo(turn1);
		assertThat(conversation.messages()).isEqualTo(concat(instructions, turn2, turn3));
		assertThat(ToolCallPairs.firstUnanswered(conversation.messages())).isNull();
		assertThat(conversation.keepLastTurns(1)).isEqualTo(turn2);
		assertThat(conversation.messages()).isEqualTo(concat(instructions, turn3));
		assertThat(conversation.keepLastTurns(0)).isEqualTo(turn3);
		assertThat(conversation.messages()).isEqualTo(instructions);
		assertThatIllegalArgumentException().isThrownBy(() -> conversation.keepLastTurns(-1));
	}

	@Test
	void removingTheLastTurnTakesTheToolCallsAndTheirResultsWithIt() {
		ChatCompletionsConversation conversation = conversation(new FixtureTools());
		List<Message> turn = toolTurn("Weather in Paris?", "call_p", "call_q");
		turn.forEach(conversation::appendMessage);

		assertThat(conversation.removeLastTurn()).isEqualTo(turn);
		assertThat(conversation.messages()).extracting(Message::role).containsExactly("system");
	}

	/** A turn whose reply calls tools, their results, and the answer. */
	private static List<Message> toolTurn(String question, String... callIds) {
		AssistantMessage.Builder calls = AssistantMessage.builder().finishReason("tool_calls");
		List<Message> results = new ArrayList<>();
		for (String id : callIds) {
			calls.toolCall(ToolCall.function(id, "weather", "{\"location\": \"" + id + "\"}"));
			results.add(Message.tool(id, "{\"temperature\": 20}"));
		}
		List<Message> turn = new ArrayList<>();
		turn.add(Message.user(question));
		turn.add(calls.build());
		turn.addAll(results);
		turn.add(Message.assistant("20°C."));
		return turn;
	}

	@SafeVarargs
	private static List<Message> concat(List<Message>... parts) {
		return Stream.of(parts).flatMap(List::stream).toList();
	}

	private static ChatCompletionsConversation conversation(FixtureTools tools) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.systemPrompt("Be brief.")
			.tools(tools.weather())
			.build();
	}

}
