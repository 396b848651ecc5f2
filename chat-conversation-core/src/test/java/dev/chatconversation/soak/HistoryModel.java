package dev.chatconversation.soak;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * What one conversation's history must hold, kept by the nothing-lost rules alone (README
 * "Nothing lost: failure semantics", {@code Turn}'s Javadoc): a success appends the user
 * message and the whole reply; a failure or cancellation before any reply content leaves
 * the history as it was; after content it appends the user message and exactly the
 * content received, marked incomplete with the reason.
 */
final class HistoryModel {

	private final List<Entry> entries = new ArrayList<>();

	/** Records what a turn that has ended must have left. */
	void apply(TurnResult turn) {
		if (turn.succeeded()) {
			append(turn, null);
		}
		else if (!turn.received().isEmpty()) {
			append(turn, turn.scenario().incompleteReason());
		}
	}

	List<Entry> expected() {
		return List.copyOf(this.entries);
	}

	/** The history as the model sees it. */
	static List<Entry> of(List<Message> messages) {
		return messages.stream().map(Entry::of).toList();
	}

	private void append(TurnResult turn, @Nullable String incomplete) {
		this.entries.add(new Entry("user", turn.userText(), null));
		this.entries.add(new Entry("assistant", turn.received(), incomplete));
	}

	/** A message as far as the rules speak of it: role, text and incomplete mark. */
	record Entry(String role, String text, @Nullable String incomplete) {

		static Entry of(Message message) {
			Incomplete mark = (message instanceof AssistantMessage reply) ? reply.incomplete() : null;
			return new Entry(message.role(), message.text(), (mark != null) ? mark.reason() : null);
		}

	}

}
