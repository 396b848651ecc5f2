package dev.chatconversation;

import java.util.List;

import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.context.TokenCounter;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContextSelector}: one test per rule of the context window.
 */
class ContextSelectorTests {

	private static final Message SYSTEM = Message.system("Be brief.");

	private static final Message DEVELOPER = Message.developer("Answer in French.");

	private static final ToolCall CALL = ToolCall.function("call_1", "weather", "{\"city\":\"Paris\"}");

	/** One token per character of text, no overhead: budgets are easy to read. */
	private static final TokenCounter CHARACTERS = (message) -> message.text().length();

	private static final List<Message> HISTORY = List.of(SYSTEM, DEVELOPER, Message.user("one"), Message.assistant("1"),
			Message.user("two"), Message.assistant("2"), Message.user("three"));

	@Test
	void whenTheWindowHasNoLimitThenEveryMessageIsSent() {
		assertThat(select(ContextWindow.UNLIMITED, HISTORY)).isSameAs(HISTORY);
	}

	@Test
	void whenEverythingFitsThenEveryMessageIsSent() {
		assertThat(select(ContextWindow.builder().maxMessages(7).build(), HISTORY)).isEqualTo(HISTORY);
	}

	@Test
	void whenThereAreTooManyMessagesThenTheOldestTurnsAreLeftOutAndTheInstructionsKept() {
		List<Message> sent = select(ContextWindow.builder().maxMessages(5).build(), HISTORY);

		assertThat(sent).containsExactly(SYSTEM, DEVELOPER, Message.user("two"), Message.assistant("2"),
				Message.user("three"));
	}

	@Test
	void whenTheLimitFallsInsideATurnThenTheWholeTurnIsLeftOut() {
		List<Message> sent = select(ContextWindow.builder().maxMessages(4).build(), HISTORY);

		assertThat(sent).containsExactly(SYSTEM, DEVELOPER, Message.user("three"));
	}

	@Test
	void whenATurnHasToolCallsThenTheCallAndItsResultsAreSentOrLeftOutTogether() {
		AssistantMessage calling = AssistantMessage.builder().toolCall(CALL).build();
		List<Message> history = List.of(SYSTEM, Message.user("weather?"), calling, Message.tool("call_1", "sunny"),
				Message.assistant("Sunny."), Message.user("and tomorrow?"));

		List<Message> sent = select(ContextWindow.builder().maxMessages(4).build(), history);

		assertThat(sent).containsExactly(SYSTEM, Message.user("and tomorrow?"));
		assertThat(ToolCallPairs.firstUnanswered(sent)).isNull();
	}

	@Test
	void whenTheRunningTurnHasToolRoundsThenTheyAreSentWithItsUserMessage() {
		AssistantMessage calling = AssistantMessage.builder().toolCall(CALL).build();
		List<Message> history = List.of(SYSTEM, Message.user("hello"), Message.assistant("hi"),
				Message.user("weather?"), calling, Message.tool("call_1", "sunny"));

		List<Message> sent = select(ContextWindow.builder().maxMessages(2).build(), history);

		assertThat(sent).containsExactly(SYSTEM, Message.user("weather?"), calling, Message.tool("call_1", "sunny"));
	}

	@Test
	void whenTheNewUserMessageAloneExceedsTheLimitsThenItIsStillSent() {
		ContextWindow window = ContextWindow.builder().maxMessages(1).maxTokens(1).tokenCounter(CHARACTERS).build();

		assertThat(select(window, HISTORY)).containsExactly(SYSTEM, DEVELOPER, Message.user("three"));
	}

	@Test
	void whenTheTokensExceedTheBudgetThenTheOldestTurnsAreLeftOut() {
		// instructions 9 + 17 = 26; "two", "2", "three" = 9; "one", "1" = 4 more
		ContextWindow window = ContextWindow.builder().maxTokens(35).tokenCounter(CHARACTERS).build();

		assertThat(select(window, HISTORY)).containsExactly(SYSTEM, DEVELOPER, Message.user("two"),
				Message.assistant("2"), Message.user("three"));
		assertThat(select(window.mutate().maxTokens(39).build(), HISTORY)).isEqualTo(HISTORY);
	}

	@Test
	void whenBothLimitsAreSetThenTheStricterOneDecides() {
		ContextWindow window = ContextWindow.builder().maxMessages(5).maxTokens(26).tokenCounter(CHARACTERS).build();

		assertThat(select(window, HISTORY)).containsExactly(SYSTEM, DEVELOPER, Message.user("three"));
	}

	@Test
	void whenNoUserMessageFollowsTheInstructionsThenNothingIsLeftOut() {
		List<Message> history = List.of(SYSTEM, Message.assistant("Hello!"), Message.assistant("Anyone?"));

		assertThat(select(ContextWindow.builder().maxMessages(1).build(), history)).isEqualTo(history);
	}

	@Test
	void whenMessagesPrecedeTheFirstUserMessageThenTheyAreSentOnlyWithTheWholeHistory() {
		List<Message> history = List.of(SYSTEM, Message.assistant("How can I help?"), Message.user("one"),
				Message.assistant("1"), Message.user("two"));

		assertThat(select(ContextWindow.builder().maxMessages(4).build(), history)).containsExactly(SYSTEM,
				Message.user("one"), Message.assistant("1"), Message.user("two"));
	}

	@Test
	void whenAWindowShrinksThenHalfOfTheTurnsAreLeftOutAndTheInstructionsKept() {
		List<Message> shrunk = ContextSelector.shrink(HISTORY);

		assertThat(shrunk).containsExactly(SYSTEM, DEVELOPER, Message.user("three"));
		List<Message> fourTurns = List.of(Message.user("one"), Message.assistant("1"), Message.user("two"),
				Message.assistant("2"), Message.user("three"), Message.assistant("3"), Message.user("four"));
		assertThat(ContextSelector.shrink(fourTurns)).containsExactly(Message.user("three"), Message.assistant("3"),
				Message.user("four"));
	}

	@Test
	void whenOnlyTheLastTurnIsSentThenTheWindowCannotShrink() {
		assertThat(ContextSelector.shrink(List.of(SYSTEM, Message.user("one")))).isNull();
		assertThat(ContextSelector.shrink(List.of(Message.user("one"), Message.assistant("1")))).isNull();
	}

	private static List<Message> select(ContextWindow window, List<Message> messages) {
		return new ContextSelector(window).select(messages, "some-model");
	}

}
