package dev.chatconversation;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the request a turn sends: the conversation's defaults, per-turn options that
 * override them for that turn only, the history as the messages, and forks that share
 * client and defaults. Every body sent must validate against the OpenAI request schema.
 */
class ConversationTurnOptionsTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void perTurnOptionsOverrideTheDefaultsForThatTurnOnly() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversationWithDefaults();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi", (options) -> options.temperature(0.9)))
			.expectNext("Hello")
			.verifyComplete();
		StepVerifier.create(conversation.sendAndStreamResponse("Again")).expectNext("Hello").verifyComplete();

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(0).path("temperature").doubleValue()).isEqualTo(0.9);
		assertThat(bodies.get(0).path("max_completion_tokens").intValue()).isEqualTo(100);
		assertThat(bodies.get(0).path("stream").booleanValue()).isTrue();
		assertThat(bodies.get(0).path("model").stringValue()).isEqualTo(MODEL);
		assertThat(bodies.get(1).path("temperature").doubleValue()).isEqualTo(0.2);
		assertThat(bodies.get(1).path("max_completion_tokens").intValue()).isEqualTo(100);
		assertThat(conversation.requestDefaults().temperature()).isEqualTo(0.2);
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void perTurnOptionsApplyToCallsWithoutStreaming() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversationWithDefaults();

		StepVerifier
			.create(conversation.turn(Message.user("Hi"))
				.options((options) -> options.temperature(0.9).stop(List.of("END")))
				.completion())
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(conversation.sendAndGetResponse("Again")).expectNextCount(1).verifyComplete();

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(0).path("temperature").doubleValue()).isEqualTo(0.9);
		assertThat(bodies.get(0).path("stop").get(0).stringValue()).isEqualTo("END");
		assertThat(bodies.get(0).has("stream")).isFalse();
		assertThat(bodies.get(1).path("temperature").doubleValue()).isEqualTo(0.2);
		assertThat(bodies.get(1).has("stop")).isFalse();
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void theMessagesSentAreAlwaysTheHistoryWhateverTheDefaultsAndOptionsSay() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.requestDefaults((defaults) -> defaults.message(Message.user("From the defaults")))
			.systemPrompt("Be brief.")
			.build();

		StepVerifier
			.create(conversation.sendAndStreamResponse("Hi",
					(options) -> options.messages(List.of(Message.user("From the options")))))
			.expectNext("Hello")
			.verifyComplete();

		assertThat(messagesOf(requestBodies(wireMock).get(0))).containsExactly(Message.system("Be brief."),
				Message.user("Hi"));
	}

	@Test
	void aForkSendsWithTheSameClientAndDefaultsAndLeavesTheOriginalAlone() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversationWithDefaults();
		StepVerifier.create(conversation.sendAndStreamResponse("Hi")).expectNext("Hello").verifyComplete();
		List<Message> original = conversation.messages();

		ChatCompletionsConversation fork = conversation.fork();
		StepVerifier.create(fork.sendAndStreamResponse("Branch")).expectNext("Hello").verifyComplete();

		assertThat(conversation.messages()).isEqualTo(original);
		assertThat(fork.messages()).hasSize(original.size() + 2).startsWith(original.toArray(Message[]::new));
		JsonNode forkRequest = requestBodies(wireMock).get(1);
		assertThat(forkRequest.path("temperature").doubleValue()).isEqualTo(0.2);
		assertThat(forkRequest.path("model").stringValue()).isEqualTo(MODEL);
		assertThat(forkRequest.path("messages")).hasSize(4);
	}

	private static ChatCompletionsConversation conversationWithDefaults() {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.requestDefaults((defaults) -> defaults.temperature(0.2).maxCompletionTokens(100))
			.systemPrompt("Be brief.")
			.build();
	}

}
