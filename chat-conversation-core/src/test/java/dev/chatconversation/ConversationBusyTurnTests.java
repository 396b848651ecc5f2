package dev.chatconversation;

import java.time.Duration;
import java.util.List;

import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import reactor.test.StepVerifier;

import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.finishChunk;
import static dev.chatconversation.ConversationTurnStubs.plus;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for one turn at a time: while a turn runs, another turn and any change to the
 * history fail at once with {@link ConversationBusyException}, nothing is sent, and the
 * running turn completes normally.
 */
class ConversationBusyTurnTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final HeldStream server = new HeldStream();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aSecondTurnFailsAtOnceWhileTheFirstIsHeldAndTheFirstStillCompletes() {
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.then(() -> this.server.send(roleChunk(), contentChunk("Hel")))
			.expectNext("Hel")
			.then(() -> {
				List<Message> during = conversation.messages();
				assertThat(during).isEqualTo(plus(before, Message.user("Hi")));
				StepVerifier.create(conversation.sendAndStreamResponse("Second"))
					.expectError(ConversationBusyException.class)
					.verify(WAIT);
				StepVerifier.create(conversation.sendAndGetResponse("Second"))
					.expectError(ConversationBusyException.class)
					.verify(WAIT);
				StepVerifier.create(conversation.regenerate())
					.expectError(ConversationBusyException.class)
					.verify(WAIT);
				StepVerifier.create(conversation.continuation().completion())
					.expectError(ConversationBusyException.class)
					.verify(WAIT);
				StepVerifier.create(conversation.turn("Second").object(ConversationStructuredOutputTests.Weather.class))
					.expectError(ConversationBusyException.class)
					.verify(WAIT);
				assertThat(conversation.messages()).isEqualTo(during);
			})
			.then(() -> this.server.send(contentChunk("lo"), finishChunk("stop"), "[DONE]"))
			.expectNext("lo")
			.verifyComplete();

		assertThat(conversation.messages()).isEqualTo(plus(before, Message.user("Hi"),
				AssistantMessage.builder().content("Hello").finishReason("stop").build()));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void changesToTheHistoryFailWhileATurnRunsAndWorkAfterItEnds() {
		ChatCompletionsConversation conversation = conversation(this.server.baseUrl());
		List<Executable> changes = List.of(() -> conversation.appendUserMessage("Another question"),
				() -> conversation.appendSystemMessage("New rules"), conversation::clear,
				() -> conversation.loadFromJson("[{\"role\": \"user\", \"content\": \"Loaded\"}]"),
				() -> conversation.correctLastResponse("Corrected"), conversation::removeLastTurn,
				() -> conversation.appendUserMessage("Look", "https://example.com/cat.png"));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.then(() -> this.server.send(roleChunk(), contentChunk("Hello")))
			.expectNext("Hello")
			.then(() -> {
				List<Message> during = conversation.messages();
				for (Executable change : changes) {
					assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(change::execute)
						.withMessageContaining("a turn of this conversation is still running");
				}
				assertThat(conversation.messages()).isEqualTo(during);
			})
			.then(() -> this.server.send(finishChunk("stop"), "[DONE]"))
			.verifyComplete();

		conversation.appendUserMessage("Another question");
		conversation.loadFromJson("[{\"role\": \"user\", \"content\": \"Loaded\"}]");
		assertThat(conversation.messages()).containsExactly(Message.user("Loaded"));
		conversation.clear();
		assertThat(conversation.messages()).isEmpty();
	}

}
