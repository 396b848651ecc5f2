package dev.chatconversation;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.ConversationTurnStubs.finishChunk;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatCompletionsConversation#regenerate()}: the last reply is replaced
 * only when the new one is complete; a failed, empty or cancelled regeneration leaves the
 * history exactly as it was.
 */
class ConversationRegenerateTurnTests {

	private static final AssistantMessage FIRST_REPLY = AssistantMessage.builder()
		.content("Paris.")
		.finishReason("stop")
		.build();

	private static final List<Message> ANSWERED = List.of(Message.system("Be brief."),
			Message.user("Capital of France?"), FIRST_REPLY);

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void replacesTheLastReplyAndSendsTheHistoryUpToTheLastUserMessage() {
		stubStream(wireMock, textReply("It is ", "Paris."));
		ChatCompletionsConversation conversation = answered(baseUrl(wireMock));

		StepVerifier.create(conversation.regenerate()).expectNext("It is ", "Paris.").verifyComplete();

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."),
				Message.user("Capital of France?"),
				AssistantMessage.builder().content("It is Paris.").finishReason("stop").build());
		assertThat(messagesOf(requestBodies(wireMock).get(0))).containsExactly(Message.system("Be brief."),
				Message.user("Capital of France?"));
	}

	@Test
	void replacesAnIncompleteReplyWithACompleteOne() {
		stubStream(wireMock, textReply("Paris."));
		AssistantMessage partial = AssistantMessage.builder()
			.content("Par")
			.incomplete(new Incomplete(Incomplete.ERROR, "The stream ended"))
			.build();
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock), Message.system("Be brief."),
				Message.user("Capital of France?"), partial);

		StepVerifier.create(conversation.regenerate()).expectNext("Paris.").verifyComplete();

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."),
				Message.user("Capital of France?"), FIRST_REPLY);
	}

	@Test
	void answersAUserMessageThatHasNoReplyYet() {
		stubStream(wireMock, textReply("Paris."));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock), Message.system("Be brief."),
				Message.user("Capital of France?"));

		StepVerifier.create(conversation.regenerate()).expectNext("Paris.").verifyComplete();

		assertThat(conversation.messages()).isEqualTo(ANSWERED);
	}

	@Test
	void aRegenerationThatFailsBeforeContentKeepsThePreviousReply() {
		stubJson(wireMock, 500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
		ChatCompletionsConversation conversation = answered(baseUrl(wireMock));

		StepVerifier.create(conversation.regenerate())
			.expectErrorSatisfies((error) -> assertFailedRegeneration(error, InternalServerException.class))
			.verify();

		assertThat(conversation.messages()).isEqualTo(ANSWERED);
		conversation.appendUserMessage("The turn has ended");
	}

	@Test
	void aRegenerationThatFailsAfterContentKeepsThePreviousReply() {
		// synthetic: content, then the body ends without a finish reason or [DONE]
		stubStream(wireMock, sse(roleChunk(), contentChunk("Lyon?")));
		ChatCompletionsConversation conversation = answered(baseUrl(wireMock));

		StepVerifier.create(conversation.regenerate()).expectNext("Lyon?").expectErrorSatisfies((error) -> {
			assertFailedRegeneration(error, StreamErrorException.class);
			assertThat(error).hasMessageContaining("the previous reply was kept");
		}).verify();

		assertThat(conversation.messages()).isEqualTo(ANSWERED);
		conversation.appendUserMessage("The turn has ended");
	}

	@Test
	void anEmptyRegeneratedReplyKeepsThePreviousReply() {
		stubStream(wireMock, sse(roleChunk(), finishChunk("stop"), "[DONE]"));
		ChatCompletionsConversation conversation = answered(baseUrl(wireMock));

		StepVerifier.create(conversation.regenerate())
			.expectErrorSatisfies((error) -> assertFailedRegeneration(error, EmptyReplyException.class))
			.verify();

		assertThat(conversation.messages()).isEqualTo(ANSWERED);
	}

	@Test
	void aCancelledRegenerationKeepsThePreviousReply() {
		try (HeldStream server = new HeldStream()) {
			ChatCompletionsConversation conversation = answered(server.baseUrl());
			server.send(roleChunk(), contentChunk("Lyon"), contentChunk("?"));

			StepVerifier.create(conversation.regenerate().take(1)).expectNext("Lyon").verifyComplete();

			assertThat(conversation.messages()).isEqualTo(ANSWERED);
			StepVerifier.create(server.disconnected()).expectComplete().verify(Duration.ofSeconds(5));
			conversation.appendUserMessage("The turn has ended");
		}
	}

	@Test
	void regeneratingWithoutAUserMessageFailsAndSendsNothing() {
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock), Message.system("Be brief."),
				Message.assistant("Hello, how can I help?"));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.regenerate())
			.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(IllegalStateException.class)
				.hasMessageContaining("no user message"))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
		assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		conversation.appendUserMessage("The conversation is not busy");
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("The conversation is not busy")));
	}

	private static FailedTurn assertFailedRegeneration(Throwable error, Class<? extends Throwable> type) {
		FailedTurn failed = FailedTurns.failedTurn(error, type);
		assertThat(failed.userMessage()).isNull();
		assertThat(failed.keptPartialReply()).isFalse();
		assertThat(failed.partialReply()).isNull();
		assertThat(failed.historyUnchanged()).isTrue();
		return failed;
	}

	private static ChatCompletionsConversation answered(String baseUrl) {
		return conversation(baseUrl, ANSWERED.toArray(Message[]::new));
	}

	private static ChatCompletionsConversation conversation(String baseUrl, Message... messages) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl))
			.model(MODEL)
			.messages(List.of(messages))
			.build();
	}

}
