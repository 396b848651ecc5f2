package dev.chatconversation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a history produced by real turns (tool calls and their results, DeepSeek
 * reasoning, an incomplete partial, a refusal) survives save, load and save unchanged
 * (I5), and that the loaded history sends the same next request.
 */
class ConversationTurnRoundTripTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@TempDir
	Path folder;

	@Test
	void aHistoryProducedByTurnsSavesLoadsAndSavesToTheSameJson() throws Exception {
		ChatCompletionsConversation conversation = conversationAfterTurns();

		String saved = conversation.toJson();
		ChatCompletionsConversation loaded = ChatCompletionsConversation.builder().build();
		loaded.loadFromJson(saved);

		assertThat(loaded.toJson()).isEqualTo(saved);
		assertThat(loaded.messages()).isEqualTo(conversation.messages());
		Path first = this.folder.resolve("first.json");
		Path second = this.folder.resolve("second.json");
		conversation.saveToJsonFile(first);
		ChatCompletionsConversation fromFile = ChatCompletionsConversation.builder().build();
		fromFile.loadFromJsonFile(first);
		fromFile.saveToJsonFile(second);
		assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
	}

	@Test
	void theSavedJsonKeepsEveryKindOfReply() {
		JsonNode saved = JSON.readTree(conversationAfterTurns().toJson());

		assertThat(saved.size()).isEqualTo(11);
		assertThat(saved.at("/2/tool_calls")).hasSize(2);
		assertThat(saved.at("/2/finish_reason").stringValue()).isEqualTo("tool_calls");
		assertThat(saved.at("/3/tool_call_id").stringValue()).isEqualTo("call_JMW1whyEaYG438VE1OIflxA2");
		assertThat(saved.at("/6/reasoning_content").stringValue())
			.isEqualTo(ConversationTurnStubs.reasoningOf(events("deepseek/stream-reasoning.sse")));
		assertThat(saved.at("/8/incomplete/reason").stringValue()).isEqualTo(Incomplete.ERROR);
		assertThat(saved.at("/8/content").stringValue()).isEqualTo("I'm unable to");
		assertThat(saved.at("/10/refusal").stringValue())
			.isEqualTo(ConversationTurnStubs.refusalOf(events("openai/stream-refusal.sse")));
	}

	@Test
	void theLoadedHistorySendsTheSameNextRequestAsTheOriginal() {
		ChatCompletionsConversation conversation = conversationAfterTurns();
		ChatCompletionsConversation loaded = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.build();
		loaded.loadFromJson(conversation.toJson());
		stubStream(wireMock, textReply("Bye"));

		StepVerifier.create(conversation.sendAndStreamResponse("Thanks")).expectNext("Bye").verifyComplete();
		StepVerifier.create(loaded.sendAndStreamResponse("Thanks")).expectNext("Bye").verifyComplete();

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(bodies.size() - 1)).isEqualTo(bodies.get(bodies.size() - 2));
		List<String> texts = requestTexts(wireMock);
		String next = texts.get(texts.size() - 1);
		assertThat(next).doesNotContain("\"incomplete\"", "\"finish_reason\"");
		OpenApiRequestSchema.chatCompletionRequest().assertValid(next);
	}

	/**
	 * Runs four turns: parallel tool calls (then their results), a DeepSeek reasoning
	 * reply, a reply cut short, and a refusal.
	 */
	private static ChatCompletionsConversation conversationAfterTurns() {
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		stubStream(wireMock, fixture("openai/stream-tool-calls-parallel.sse"));
		StepVerifier.create(conversation.sendAndStreamResponse("Weather in Edinburgh and the AAPL price?"))
			.verifyComplete();
		for (ToolCall call : ((AssistantMessage) conversation.messages().get(2)).toolCalls()) {
			conversation.appendMessage(Message.tool(call.id(), "{\"result\":\"" + call.function().name() + "\"}"));
		}
		stubStream(wireMock, fixture("deepseek/stream-reasoning.sse"));
		StepVerifier.create(conversation.sendAndStreamResponse("How many r in strawberry?"))
			.thenConsumeWhile((piece) -> true)
			.verifyComplete();
		// a truncated copy of the capture: the role chunk, three content chunks, then
		// the body ends
		stubStream(wireMock, sse(events("openai/stream-text-basic.sse").subList(0, 4)));
		StepVerifier.create(conversation.sendAndStreamResponse("And the weather in San Francisco?"))
			.expectNextCount(3)
			.expectErrorSatisfies(
					(error) -> assertThat(FailedTurns.failedTurn(error, StreamErrorException.class).keptPartialReply())
						.isTrue())
			.verify();
		stubStream(wireMock, fixture("openai/stream-refusal.sse"));
		StepVerifier.create(conversation.sendAndStreamResponse("Help me with something bad")).verifyComplete();
		return conversation;
	}

}
