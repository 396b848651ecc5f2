package dev.chatconversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.contentOf;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.reasoningOf;
import static dev.chatconversation.ConversationTurnStubs.refusalOf;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for streamed turns that succeed (I2): one assistant message whose text is the
 * concatenation of the streamed pieces, with reasoning, tool calls, refusal and finish
 * reason recorded, in the history before the subscriber sees completion.
 */
class ConversationStreamingTurnTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void appendsExactlyOneReplyWhoseTextIsTheConcatenationOfTheStreamedPieces() {
		List<String> events = events("openai/stream-text-basic.sse");
		stubStream(wireMock, fixture("openai/stream-text-basic.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("What's the weather in San Francisco?").collectList())
			.assertNext((pieces) -> assertThat(String.join("", pieces)).isEqualTo(contentOf(events)))
			.verifyComplete();

		AssistantMessage expected = AssistantMessage.builder().content(contentOf(events)).finishReason("stop").build();
		assertThat(conversation.messages())
			.isEqualTo(plus(before, Message.user("What's the weather in San Francisco?"), expected));
	}

	@Test
	void neverEmitsAnEmptyPiece() {
		stubStream(wireMock, fixture("openai/stream-text-include-usage.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.sendAndStreamResponse("Invent a holiday"))
			.thenConsumeWhile((piece) -> !piece.isEmpty())
			.verifyComplete();

		assertThat(conversation.messages().get(2).text())
			.isEqualTo(contentOf(events("openai/stream-text-include-usage.sse")));
	}

	@Test
	void keepsDeepSeekReasoningOutOfTheStreamedTextAndInTheHistory() {
		List<String> events = events("deepseek/stream-reasoning.sse");
		stubStream(wireMock, fixture("deepseek/stream-reasoning.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();
		assertThat(reasoningOf(events)).isNotEmpty();

		StepVerifier.create(conversation.sendAndStreamResponse("How many r in strawberry?").collectList())
			.assertNext((pieces) -> {
				assertThat(String.join("", pieces)).isEqualTo(contentOf(events))
					.doesNotContain(reasoningOf(events).substring(0, 40));
			})
			.verifyComplete();

		List<Message> after = conversation.messages();
		assertThat(after).hasSize(before.size() + 2).startsWith(before.toArray(Message[]::new));
		AssistantMessage reply = (AssistantMessage) after.get(after.size() - 1);
		assertThat(reply.text()).isEqualTo(contentOf(events)).doesNotContain(reasoningOf(events));
		assertThat(reply.reasoningContent()).isEqualTo(reasoningOf(events));
		assertThat(reply.finishReason()).isEqualTo("stop");
		assertThat(reply.incomplete()).isNull();
	}

	@Test
	void recordsParallelToolCallsAsOneReplyAndStreamsNoText() {
		stubStream(wireMock, fixture("openai/stream-tool-calls-parallel.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Weather in Edinburgh and the AAPL price?"))
			.verifyComplete();

		List<Message> after = conversation.messages();
		assertThat(after).hasSize(before.size() + 2).startsWith(before.toArray(Message[]::new));
		assertThat(after.get(before.size())).isEqualTo(Message.user("Weather in Edinburgh and the AAPL price?"));
		AssistantMessage reply = (AssistantMessage) after.get(after.size() - 1);
		assertThat(reply.content()).isNull();
		assertThat(reply.finishReason()).isEqualTo("tool_calls");
		assertThat(reply.toolCalls()).extracting(ToolCall::id)
			.containsExactly("call_JMW1whyEaYG438VE1OIflxA2", "call_DNYTawLBoN8fj3KN6qU9N1Ou");
		assertThat(reply.toolCalls()).extracting((call) -> call.function().name())
			.containsExactly("GetWeatherArgs", "get_stock_price");
		assertThat(reply.toolCalls()).allSatisfy((call) -> {
			JsonNode arguments = JSON.readTree(call.function().arguments());
			assertThat(arguments.isObject()).isTrue();
		});
		assertThat(JSON.readTree(reply.toolCalls().get(0).function().arguments()))
			.isEqualTo(JSON.readTree("{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}"));
	}

	@Test
	void recordsAStreamedRefusalAsARefusalAndStreamsNoText() {
		List<String> events = events("openai/stream-refusal.sse");
		stubStream(wireMock, fixture("openai/stream-refusal.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Help me with something bad")).verifyComplete();

		AssistantMessage reply = (AssistantMessage) conversation.messages().get(before.size() + 1);
		assertThat(reply.refusal()).isNotEmpty().isEqualTo(refusalOf(events));
		assertThat(reply.content()).isNull();
		assertThat(reply.finishReason()).isEqualTo("stop");
		assertThat(conversation.messages()).hasSize(before.size() + 2);
	}

	@Test
	void theReplyIsInTheHistoryBeforeTheSubscriberSeesCompletion() {
		stubStream(wireMock, textReply("Hel", "lo"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		AtomicReference<List<Message>> atCompletion = new AtomicReference<>();

		StepVerifier
			.create(conversation.sendAndStreamResponse("Hi")
				.doOnComplete(() -> atCompletion.set(conversation.messages())))
			.expectNext("Hel", "lo")
			.verifyComplete();

		assertThat(atCompletion.get()).isEqualTo(conversation.messages()).hasSize(3);
		assertThat(atCompletion.get().get(2).text()).isEqualTo("Hello");
	}

	@Test
	void aTurnChainedAfterCompletionRunsBecauseTheFirstHasEnded() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier
			.create(conversation.sendAndStreamResponse("Hi").concatWith(conversation.sendAndStreamResponse("Again")))
			.expectNext("Hello", "Hello")
			.verifyComplete();

		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "user", "assistant");
		assertThat(requestBodies(wireMock).get(1).path("messages")).hasSize(4);
	}

	@Test
	void streamsChunksWithUsageAndRecordsTheAssembledReply() {
		List<String> events = events("openai/stream-text-include-usage.sse");
		stubStream(wireMock, fixture("openai/stream-text-include-usage.sse"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(Message.user("Invent a holiday")).chunks().collectList())
			.assertNext((chunks) -> {
				assertThat(chunks).hasSize(events.size() - 1);
				assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(316);
				assertThat(chunks.stream().map(ChatCompletionChunk::text).reduce("", String::concat))
					.isEqualTo(contentOf(events));
			})
			.verifyComplete();

		AssistantMessage reply = (AssistantMessage) conversation.messages().get(2);
		assertThat(reply.text()).isEqualTo(contentOf(events));
		assertThat(reply.finishReason()).isEqualTo("stop");
	}

	@Test
	void sendsAUserMessageMadeOfPartsAsOneMessage() {
		stubStream(wireMock, textReply("A cat."));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<ContentPart> parts = List.of(ContentPart.text("What is this?"),
				ContentPart.imageUrl("https://x.test/a.png"));

		StepVerifier.create(conversation.sendAndStreamResponse(parts)).expectNext("A cat.").verifyComplete();

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."), Message.user(parts),
				AssistantMessage.builder().content("A cat.").finishReason("stop").build());
		JsonNode sent = requestBodies(wireMock).get(0).path("messages").path(1);
		assertThat(sent.path("content")).hasSize(2);
		assertThat(sent.path("content").path(1).path("image_url").path("url").stringValue())
			.isEqualTo("https://x.test/a.png");
	}

}
