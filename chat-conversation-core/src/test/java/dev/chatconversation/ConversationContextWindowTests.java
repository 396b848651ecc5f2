package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static dev.chatconversation.testfixture.ChatWireMock.json;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.ToolLoopStubs.completed;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.ToolLoopStubs.textCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the context window of a conversation: what each request sends, and the retry
 * with a smaller window when the provider rejects the prompt as too long. The rejections
 * are captured error bodies from {@code fixtures/} (see {@code SOURCES.md} there):
 * OpenAI's {@code context_length_exceeded} and DeepSeek's, which only its message text
 * identifies.
 */
class ConversationContextWindowTests {

	private static final String OPENAI_OVERFLOW = "openai/error-400-context-length-exceeded.json";

	private static final String DEEPSEEK_OVERFLOW = "deepseek/error-400-context-length.json";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void whenAWindowIsSetThenEachRequestSendsOnlyItAndTheHistoryStaysWhole() {
		stubRounds(wireMock, eventStream(textReply("Un.")), eventStream(textReply("Deux.")),
				eventStream(textReply("Trois.")));
		ChatCompletionsConversation conversation = conversation(ContextWindow.builder().maxMessages(4).build(),
				List.of());

		send(conversation, "one");
		send(conversation, "two");
		send(conversation, "three");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(messagesOf(bodies.get(1))).containsExactly(Message.system("Be brief."), Message.user("one"),
				Message.assistant("Un."), Message.user("two"));
		assertThat(messagesOf(bodies.get(2))).containsExactly(Message.system("Be brief."), Message.user("two"),
				Message.assistant("Deux."), Message.user("three"));
		assertThat(conversation.messages()).hasSize(7);
		bodies.forEach((body) -> OpenApiRequestSchema.chatCompletionRequest().assertValid(body.toString()));
	}

	@Test
	void whenTheProviderRejectsTheContextThenTheStreamedTurnIsRetriedOnceWithHalfTheTurns() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)), eventStream(textReply("Quatre.")));
		List<Message> earlier = turns(3);
		ChatCompletionsConversation conversation = conversation(retrying(), earlier);

		List<ConversationEvent> events = completed(conversation.turn("four").events());

		assertThat(events.get(0)).isInstanceOfSatisfying(ConversationEvent.ContextWindowShrunk.class, (shrunk) -> {
			assertThat(shrunk.messagesBefore()).isEqualTo(8);
			assertThat(shrunk.messagesAfter()).isEqualTo(4);
			assertThat(shrunk.cause().error().code()).isEqualTo("context_length_exceeded");
		});
		assertThat(events.get(1)).isEqualTo(new ConversationEvent.TextDelta("Quatre."));
		ChatCompletion completion = ((ConversationEvent.Completed) events.get(events.size() - 1)).completion();
		assertRetryMarked(completion, 8, 4);
		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies).hasSize(2);
		assertThat(messagesOf(bodies.get(1))).containsExactly(Message.system("Be brief."), Message.user("three"),
				Message.assistant("3"), Message.user("four"));
		assertThat(conversation.messages()).hasSize(9)
			.startsWith(Message.system("Be brief."))
			.contains(Message.user("one"));
	}

	@Test
	void whenTheProviderRejectsTheContextThenTheCompletionOfANonStreamedTurnSaysItWasRetried() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)), json(200, textCompletion("Quatre.")));
		ChatCompletionsConversation conversation = conversation(retrying(), turns(3));

		StepVerifier.create(conversation.turn(Message.user("four")).completion())
			.assertNext((completion) -> assertRetryMarked(completion, 8, 4))
			.verifyComplete();

		assertThat(conversation.messages()).hasSize(9);
		assertThat(conversation.toJson()).doesNotContain(ContextWindow.RETRY_METADATA);
	}

	@Test
	void whenTheRejectionIsRecognisedByItsMessageThenTheTurnIsRetriedToo() {
		stubRounds(wireMock, json(400, fixture(DEEPSEEK_OVERFLOW)), eventStream(textReply("Quatre.")));
		ChatCompletionsConversation conversation = conversation(retrying(), turns(3));

		List<ConversationEvent> events = completed(conversation.turn("four").events());

		assertThat(events).first().isInstanceOf(ConversationEvent.ContextWindowShrunk.class);
		assertThat(requestBodies(wireMock)).hasSize(2);
	}

	@Test
	void whenTheRetryIsOffThenTheRejectionFailsTheTurnAndTheHistoryIsUnchanged() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)));
		ChatCompletionsConversation conversation = conversation(ContextWindow.UNLIMITED, turns(3));

		StepVerifier.create(conversation.turn("four").events())
			.expectErrorSatisfies((failure) -> assertThat(
					FailedTurns.failedTurn(failure, BadRequestException.class).historyUnchanged())
				.isTrue())
			.verify();

		assertThat(requestBodies(wireMock)).hasSize(1);
		assertThat(conversation.messages()).hasSize(7);
	}

	@Test
	void whenTheRetryIsRejectedTooThenTheTurnFailsAfterTwoRequests() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)));
		ChatCompletionsConversation conversation = conversation(retrying(), turns(3));

		StepVerifier.create(conversation.turn("four").events())
			.expectNextMatches(ConversationEvent.ContextWindowShrunk.class::isInstance)
			.expectError(BadRequestException.class)
			.verify();

		assertThat(requestBodies(wireMock)).hasSize(2);
		assertThat(conversation.messages()).hasSize(7);
	}

	@Test
	void whenOnlyTheNewTurnIsSentThenThereIsNothingToLeaveOutAndNoRetry() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)));
		ChatCompletionsConversation conversation = conversation(retrying(), List.of());

		StepVerifier.create(conversation.turn("one").events()).expectError(BadRequestException.class).verify();

		assertThat(requestBodies(wireMock)).hasSize(1);
	}

	@Test
	void whenTheNextTurnNeedsNoRetryThenItsCompletionIsNotMarked() {
		stubRounds(wireMock, json(400, fixture(OPENAI_OVERFLOW)), json(200, textCompletion("Quatre.")),
				json(200, textCompletion("Cinq.")));
		ChatCompletionsConversation conversation = conversation(retrying(), turns(3));
		StepVerifier.create(conversation.sendAndGetResponse("four")).expectNext("Quatre.").verifyComplete();

		StepVerifier.create(conversation.turn(Message.user("five")).completion())
			.assertNext((completion) -> assertThat(completion.extra()).doesNotContainKey(ContextWindow.RETRY_METADATA))
			.verifyComplete();
	}

	private static ContextWindow retrying() {
		return ContextWindow.builder().retryOnOverflow(true).build();
	}

	private static void assertRetryMarked(ChatCompletion completion, int before, int after) {
		JsonNode retry = completion.extra().get(ContextWindow.RETRY_METADATA);
		assertThat(retry).isNotNull();
		assertThat(retry.path("messages_before").asInt()).isEqualTo(before);
		assertThat(retry.path("messages_after").asInt()).isEqualTo(after);
		assertThat(retry.path("error").asString()).startsWith("This model's maximum context length");
	}

	private static ChatCompletionsConversation conversation(ContextWindow window, List<Message> messages) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.systemPrompt("Be brief.")
			.messages(messages)
			.contextWindow(window)
			.build();
	}

	/** Synthetic: {@code count} answered turns, "one" / "1" and so on. */
	private static List<Message> turns(int count) {
		List<String> words = List.of("one", "two", "three", "four", "five");
		List<Message> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(Message.user(words.get(i)));
			messages.add(Message.assistant(String.valueOf(i + 1)));
		}
		return messages;
	}

	private static void send(ChatCompletionsConversation conversation, String text) {
		StepVerifier.create(conversation.sendAndStreamResponse(text))
			.thenConsumeWhile((piece) -> true)
			.verifyComplete();
	}

}
