package dev.chatconversation;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for when a turn starts and what it needs: turns are cold (nothing is sent or
 * changed before subscription, each subscription is a turn), and a conversation without a
 * client or a model fails at subscription with the history unchanged.
 */
class ConversationTurnLifecycleTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void turnsThatAreNeverSubscribedSendNothingAndChangeNothing() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		conversation.appendUserMessage("Capital of France?");
		List<Message> before = conversation.messages();

		conversation.sendAndStreamResponse("Hi");
		conversation.sendAndStreamResponse("Hi", (options) -> options.temperature(0.5));
		conversation.turn(Message.user("Hi")).chunks();
		conversation.sendAndGetResponse("Hi");
		conversation.turn(Message.user("Hi")).completion();
		conversation.regenerate();
		conversation.sendAndGetResponse("Hi", "https://example.com/cat.png");
		conversation.sendAndStreamResponse("Hi", "https://example.com/cat.png");
		conversation.turn("Hi").options((options) -> options.seed(1L)).events();
		conversation.turn("Hi").text();
		conversation.turn("Hi").response();
		conversation.turn("Hi").object(Answer.class);
		conversation.turn("Hi").objectStream(Answer.class);
		conversation.continuation().completion();
		conversation.continuation().events();
		conversation.regeneration().completion();
		conversation.regeneration().chunks();

		assertThat(conversation.messages()).isEqualTo(before);
		assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		conversation.appendUserMessage("The conversation is not busy");
	}

	@Test
	void eachSubscriptionIsATurnOfItsOwn() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		Flux<String> turn = conversation.sendAndStreamResponse("Hi");

		StepVerifier.create(turn).expectNext("Hello").verifyComplete();
		StepVerifier.create(turn).expectNext("Hello").verifyComplete();

		assertThat(conversation.messages()).extracting(Message::role)
			.containsExactly("system", "user", "assistant", "user", "assistant");
		assertThat(requestBodies(wireMock)).hasSize(2);
	}

	@Test
	void aConversationWithoutAClientFailsEveryTurnAtSubscriptionAndKeepsItsHistory() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.model(MODEL)
			.systemPrompt("Be brief.")
			.messages(List.of(Message.user("Capital of France?"), Message.assistant("Paris.")))
			.build();
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies(ConversationTurnLifecycleTests::assertNoClient)
			.verify();
		StepVerifier.create(conversation.sendAndGetResponse("Hi"))
			.expectErrorSatisfies(ConversationTurnLifecycleTests::assertNoClient)
			.verify();
		StepVerifier.create(conversation.regenerate())
			.expectErrorSatisfies(ConversationTurnLifecycleTests::assertNoClient)
			.verify();
		StepVerifier.create(conversation.regeneration().completion())
			.expectErrorSatisfies(ConversationTurnLifecycleTests::assertNoClient)
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
		conversation.appendUserMessage("The conversation is not busy");
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("The conversation is not busy")));
	}

	@Test
	void aConversationWithoutAModelFailsTheTurnAndKeepsItsHistory() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.systemPrompt("Be brief.")
			.build();
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi")).expectErrorSatisfies((error) -> {
			assertThat(FailedTurns.failedTurn(error, UnexpectedTurnException.class).historyUnchanged()).isTrue();
			assertThat(error).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("no model");
		}).verify();

		assertThat(conversation.messages()).isEqualTo(before);
		assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void theConstructorTakingAnEndpointBuildsAConversationThatSends() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = new ChatCompletionsConversation(null, baseUrl(wireMock), MODEL);

		StepVerifier.create(conversation.sendAndStreamResponse("Hi")).expectNext("Hello").verifyComplete();

		assertThat(conversation.messages()).extracting(Message::text).containsExactly("Hi", "Hello");
		assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).singleElement()
			.satisfies((request) -> assertThat(request.containsHeader("Authorization")).isFalse());
	}

	record Answer(String text) {
	}

	private static void assertNoClient(Throwable error) {
		assertThat(error).isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("has no client");
	}

}
