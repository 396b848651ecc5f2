package dev.chatconversation;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.chatconversation.ConversationTurnStubs.contentOf;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for cancelled turns: after content the partial reply is kept, marked cancelled
 * (I3); before content the history is restored (I1); either way the connection is closed
 * and the conversation takes the next turn.
 *
 * <p>
 * What a cancelled partial holds: the reply is accumulated in the same {@code onNext}
 * signal that hands a piece to the subscriber, and {@code take(n)} cancels within the
 * signal of its last piece, so the partial is exactly the text the subscriber took, even
 * when the rest of the reply already sits decoded in the client. The tests assert that
 * equality, and that the partial is a prefix of the full reply.
 */
class ConversationCancelledTurnTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String QUESTION = "What's the weather in San Francisco?";

	private final HeldStream server = new HeldStream();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void takingThreePiecesKeepsExactlyTheTextTakenMarkedCancelledAndClosesTheConnection() {
		List<String> events = events("openai/stream-text-basic.sse");
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Message> before = conversation.messages();
		// the whole reply is written at once, so it is in flight when the subscriber
		// cancels
		this.server.send(events.toArray(String[]::new));

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION).take(3).collectList())
			.assertNext((taken) -> assertThat(taken).containsExactly("I'm", " unable", " to"))
			.verifyComplete();

		AssistantMessage partial = AssistantMessage.builder()
			.content("I'm unable to")
			.incomplete(new Incomplete(Incomplete.CANCELLED, "The subscriber cancelled the turn"))
			.build();
		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user(QUESTION), partial));
		assertThat(contentOf(events)).startsWith(partial.text());
		StepVerifier.create(this.server.disconnected()).expectComplete().verify(WAIT);
		conversation.appendUserMessage("The turn has ended");
	}

	@Test
	void cancellingAfterOnlyARoleChunkRestoresTheHistory() {
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Message> before = conversation.messages();
		this.server.send(roleChunk());

		StepVerifier.create(conversation.turn(Message.user(QUESTION)).chunks().take(1))
			.expectNextCount(1)
			.verifyComplete();

		assertThat(conversation.messages()).isEqualTo(before);
		StepVerifier.create(this.server.disconnected()).expectComplete().verify(WAIT);
		conversation.appendUserMessage("The turn has ended");
	}

	@Test
	void cancellingWhileWaitingForTheResponseRestoresTheHistoryAndClosesTheConnection() {
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION))
			.expectSubscription()
			.then(() -> StepVerifier.create(this.server.arrived()).expectNextCount(1).verifyComplete())
			.then(() -> assertThat(conversation.messages()).hasSize(before.size() + 1))
			.thenCancel()
			.verify(WAIT);

		assertThat(conversation.messages()).isEqualTo(before);
		StepVerifier.create(this.server.disconnected()).expectComplete().verify(WAIT);
		conversation.appendUserMessage("The turn has ended");
	}

	@Test
	void cancellingACallWithoutStreamingRestoresTheHistory() {
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndGetResponse(QUESTION))
			.expectSubscription()
			.then(() -> StepVerifier.create(this.server.arrived()).expectNextCount(1).verifyComplete())
			.thenCancel()
			.verify(WAIT);

		assertThat(conversation.messages()).isEqualTo(before);
		// the cancel races the response headers: the client closes the connection itself
		// rather than letting WebClient read the rest of the body (CallConnection)
		StepVerifier.create(this.server.disconnected()).expectComplete().verify(WAIT);
	}

}
