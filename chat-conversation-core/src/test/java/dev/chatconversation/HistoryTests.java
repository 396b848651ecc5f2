package dev.chatconversation;

import java.util.List;

import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link History}: turns and the changes refused while one runs.
 */
class HistoryTests {

	@Test
	void refusesChangesWhileATurnRunsAndLeavesTheMessagesAsTheTurnMadeThem() {
		History history = new History(List.of(Message.system("Be brief.")));
		history.beginTurn(List.of(Message.user("Hi")));

		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> history.append(Message.user("Again")));
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(history::clear);
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(history::removeLastTurn);
		assertThatExceptionOfType(ConversationBusyException.class).isThrownBy(() -> history.replaceAll(List.of()));
		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> history.replaceLastReply((reply) -> reply));
		assertThatExceptionOfType(ConversationBusyException.class)
			.isThrownBy(() -> history.beginTurn(List.of(Message.user("Another"))));
		assertThat(history.snapshot()).containsExactly(Message.system("Be brief."), Message.user("Hi"));
		assertThat(history.turnRunning()).isTrue();
	}

	@Test
	void endingATurnKeepsTheGivenPrefixAndAppendsTheOutcome() {
		History history = new History(List.of(Message.system("Be brief.")));
		List<Message> sent = history.beginTurn(List.of(Message.user("Hi")));
		history.continueTurn(List.of(Message.assistant("partial")));

		history.endTurn(sent.size(), List.of(Message.assistant("Hello")));

		assertThat(sent).containsExactly(Message.system("Be brief."), Message.user("Hi"));
		assertThat(history.snapshot()).containsExactly(Message.system("Be brief."), Message.user("Hi"),
				Message.assistant("Hello"));
		assertThat(history.turnRunning()).isFalse();
		history.append(Message.user("Thanks"));
		assertThat(history.size()).isEqualTo(4);
	}

	@Test
	void aTurnThatFailsBeforeAnyReplyCanDropItsUserMessage() {
		History history = new History(List.of());
		history.beginTurn(List.of(Message.user("Hi")));

		history.endTurn(0, List.of());

		assertThat(history.snapshot()).isEmpty();
		assertThat(history.turnRunning()).isFalse();
	}

}
