package dev.chatconversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for turns without streaming ({@code sendAndGetResponse},
 * {@code turn(message).completion()}): the same history rules as streamed turns, with
 * {@code chat-completion-*.json} fixtures.
 */
class ConversationNonStreamingTurnTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void returnsTheReplyTextAndAppendsExactlyOneReply() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();
		String text = JSON.readTree(fixture("openai/chat-completion-plain.json"))
			.at("/choices/0/message/content")
			.stringValue();

		StepVerifier.create(conversation.sendAndGetResponse("What's the weather in San Francisco?"))
			.expectNext(text)
			.verifyComplete();

		AssistantMessage expected = AssistantMessage.builder().content(text).finishReason("stop").build();
		assertThat(conversation.messages())
			.isEqualTo(plus(before, Message.user("What's the weather in San Francisco?"), expected));
		assertThat(requestBodies(wireMock).get(0).has("stream")).isFalse();
	}

	@Test
	void keepsReasoningOutOfTheReturnedText() {
		stubJson(wireMock, 200, fixture("deepseek/chat-completion-reasoning.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		JsonNode message = JSON.readTree(fixture("deepseek/chat-completion-reasoning.json")).at("/choices/0/message");

		StepVerifier.create(conversation.sendAndGetResponse("How many r in strawberry?"))
			.expectNext(message.path("content").stringValue())
			.verifyComplete();

		AssistantMessage reply = (AssistantMessage) conversation.messages().get(2);
		assertThat(reply.text()).isEqualTo(message.path("content").stringValue());
		assertThat(reply.reasoningContent()).isEqualTo(message.path("reasoning_content").stringValue());
		assertThat(reply.finishReason()).isEqualTo("stop");
		assertThat(conversation.messages()).hasSize(3);
	}

	@Test
	void recordsParallelToolCallsAsOneReply() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-parallel-tool-calls.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.turn(Message.user("Weather and AAPL?")).completion())
			.assertNext((completion) -> assertThat(completion.firstChoice().finishReason()).isEqualTo("tool_calls"))
			.verifyComplete();

		List<Message> after = conversation.messages();
		assertThat(after).hasSize(before.size() + 2).startsWith(before.toArray(Message[]::new));
		AssistantMessage reply = (AssistantMessage) after.get(after.size() - 1);
		assertThat(reply.toolCalls()).extracting(ToolCall::id)
			.containsExactly("call_fdNz3vOBKYgOIpMdWotB9MjY", "call_h1DWI1POMJLb0KwIyQHWXD4p");
		assertThat(reply.toolCalls())
			.allSatisfy((call) -> assertThat(JSON.readTree(call.function().arguments()).isObject()).isTrue());
		assertThat(reply.finishReason()).isEqualTo("tool_calls");
	}

	@Test
	void recordsARefusalAsARefusal() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-refusal.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(Message.user("Help me with something bad")).completion())
			.assertNext((completion) -> assertThat(completion.text()).isEmpty())
			.verifyComplete();

		AssistantMessage reply = (AssistantMessage) conversation.messages().get(2);
		assertThat(reply.refusal()).isEqualTo("I'm very sorry, but I can't assist with that.");
		assertThat(reply.content()).isNull();
		assertThat(conversation.messages()).hasSize(3);
	}

	@Test
	void theReplyIsInTheHistoryBeforeTheSubscriberSeesTheCompletion() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		AtomicReference<List<Message>> atSuccess = new AtomicReference<>();

		StepVerifier
			.create(conversation.turn(Message.user("Hi"))
				.completion()
				.doOnSuccess((completion) -> atSuccess.set(conversation.messages())))
			.assertNext((completion) -> assertThat(conversation.messages().get(2))
				.isEqualTo(completion.firstChoice().message()))
			.verifyComplete();

		assertThat(atSuccess.get()).isEqualTo(conversation.messages()).hasSize(3);
	}

	@Test
	void sendsAUserMessageMadeOfParts() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<ContentPart> parts = List.of(ContentPart.text("What is this?"),
				ContentPart.imageUrl("https://x.test/a.png"));

		StepVerifier.create(conversation.sendAndGetResponse(parts)).expectNextCount(1).verifyComplete();

		assertThat(conversation.messages().get(1)).isEqualTo(Message.user(parts));
		assertThat(conversation.messages()).hasSize(3);
	}

	@Test
	void aFailedCallLeavesTheHistoryAsItWasAndCarriesTheUserMessage() {
		stubJson(wireMock, 400, fixture("openai/error-400-unsupported-parameter.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndGetResponse("Hi")).expectErrorSatisfies((error) -> {
			FailedTurn failed = FailedTurns.failedTurn(error, BadRequestException.class);
			assertThat(failed.userMessage()).isEqualTo(Message.user("Hi"));
			assertThat(failed.keptPartialReply()).isFalse();
			assertThat(failed.historyUnchanged()).isTrue();
		}).verify();

		assertThat(conversation.messages()).isEqualTo(before);
	}

	@Test
	void anEmptyCompletionFailsAndAppendsNothing() {
		// synthetic, in the shape of a Gemini completion without text: a message with
		// only a role and 0 completion tokens
		stubJson(wireMock, 200, """
				{"id":"gemini-empty","object":"chat.completion","created":1727346168,"model":"gemini-2.5-flash",\
				"choices":[{"index":0,"message":{"role":"assistant"},"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":5,"completion_tokens":0,"total_tokens":5}}""");
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndGetResponse("Hi"))
			.expectErrorSatisfies(
					(error) -> assertThat(FailedTurns.failedTurn(error, EmptyReplyException.class).userMessage())
						.isEqualTo(Message.user("Hi")))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
	}

	@Test
	void aCompletionWithoutChoicesFailsAndAppendsNothing() {
		stubJson(wireMock, 200, """
				{"id":"empty","object":"chat.completion","created":1727346168,"model":"gpt-4o","choices":[]}""");
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.turn(Message.user("Hi")).completion())
			.expectErrorSatisfies(
					(error) -> assertThat(FailedTurns.failedTurn(error, EmptyReplyException.class).userMessage())
						.isEqualTo(Message.user("Hi")))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
	}

}
