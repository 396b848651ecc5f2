package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.UserMessage;

/**
 * The ordered message list of a conversation, guarded so that readers get consistent
 * snapshots and changes are refused while a turn is running.
 */
final class History {

	private final ArrayList<Message> messages;

	private boolean turnRunning;

	private int turnStart;

	private HistoryJournal journal = HistoryJournal.NONE;

	History(List<Message> messages) {
		// List.copyOf refuses null messages here rather than on the first snapshot
		this.messages = new ArrayList<>(List.copyOf(messages));
	}

	/**
	 * Reports every later change to a journal (a conversation store).
	 */
	synchronized void journal(HistoryJournal journal) {
		this.journal = journal;
	}

	synchronized List<Message> snapshot() {
		return List.copyOf(this.messages);
	}

	/**
	 * A snapshot without the messages of a running turn, which may still be taken back.
	 */
	synchronized List<Message> settledSnapshot() {
		return List.copyOf(this.turnRunning ? this.messages.subList(0, this.turnStart) : this.messages);
	}

	synchronized int size() {
		return this.messages.size();
	}

	synchronized void append(Message message) {
		requireIdle("change the history");
		this.journal.edit(this.messages.size(), List.of(message));
		this.messages.add(message);
	}

	synchronized void replaceAll(List<Message> replacement) {
		requireIdle("replace the history");
		this.journal.edit(0, replacement);
		this.messages.clear();
		this.messages.addAll(replacement);
	}

	/**
	 * Replaces the history with what a store holds, without reporting it to the journal.
	 */
	synchronized void reload(List<Message> stored) {
		requireIdle("reload the history");
		this.messages.clear();
		this.messages.addAll(stored);
	}

	synchronized void clear() {
		requireIdle("clear the history");
		this.journal.edit(0, List.of());
		this.messages.clear();
	}

	/**
	 * Replaces the last message, which must be an assistant reply.
	 */
	synchronized void replaceLastReply(UnaryOperator<AssistantMessage> change) {
		requireIdle("correct the last response");
		int last = this.messages.size() - 1;
		if (last < 0 || !(this.messages.get(last) instanceof AssistantMessage reply)) {
			throw new IllegalStateException(
					"Cannot correct the last response: the conversation does not end with an" + " assistant reply");
		}
		AssistantMessage changed = change.apply(reply);
		this.journal.edit(last, List.of(changed));
		this.messages.set(last, changed);
	}

	/**
	 * Removes the last user message and everything after it, so a tool call never loses
	 * its result.
	 */
	synchronized List<Message> removeLastTurn() {
		requireIdle("remove the last turn");
		for (int i = this.messages.size() - 1; i >= 0; i--) {
			if (this.messages.get(i) instanceof UserMessage) {
				List<Message> tail = this.messages.subList(i, this.messages.size());
				List<Message> removed = List.copyOf(tail);
				this.journal.edit(i, List.of());
				tail.clear();
				return removed;
			}
		}
		return List.of();
	}

	/**
	 * Starts a turn: appends the turn's first messages and returns the whole history to
	 * send.
	 */
	synchronized List<Message> beginTurn(List<? extends Message> added) {
		requireIdle("start a turn");
		this.turnRunning = true;
		this.turnStart = this.messages.size();
		this.messages.addAll(added);
		return List.copyOf(this.messages);
	}

	/**
	 * Appends messages produced while a turn runs (a reply with tool calls, tool
	 * results).
	 */
	synchronized List<Message> continueTurn(List<? extends Message> added) {
		this.journal.turnContinued(this.messages.size(), List.copyOf(added));
		this.messages.addAll(added);
		return List.copyOf(this.messages);
	}

	/**
	 * Ends the running turn, keeping the first {@code keep} messages and then appending
	 * the given ones.
	 */
	synchronized void endTurn(int keep, List<? extends Message> appended) {
		int kept = Math.min(keep, this.messages.size());
		this.journal.turnEnded(kept, List.copyOf(appended));
		this.messages.subList(kept, this.messages.size()).clear();
		this.messages.addAll(appended);
		this.turnRunning = false;
	}

	/**
	 * Starts a turn that continues the history as it stands, and returns the history to
	 * send.
	 */
	synchronized List<Message> beginContinue() {
		requireIdle("continue the turn");
		if (this.messages.isEmpty()) {
			throw new IllegalStateException("Cannot continue: the conversation has no messages");
		}
		ToolCall unanswered = ToolCallPairs.firstUnanswered(this.messages);
		if (unanswered != null) {
			throw new IllegalStateException("Cannot continue: tool call '" + unanswered.id() + "' ("
					+ ((unanswered.function() != null) ? unanswered.function().name() : unanswered.type())
					+ ") has no result; append a tool message answering it first");
		}
		return beginTurn(List.of());
	}

	/**
	 * Keeps the leading system and developer messages and the last {@code turns} turns,
	 * each starting at a user message, and removes the messages in between; a tool call
	 * and its result are in the same turn, so they stay or go together.
	 */
	synchronized List<Message> keepLastTurns(int turns) {
		requireIdle("trim the history");
		if (turns < 0) {
			throw new IllegalArgumentException("The number of turns to keep must not be negative, but was " + turns);
		}
		int prefix = instructionCount(this.messages);
		int cut = turnsStart(this.messages, prefix, turns);
		if (cut < 0) {
			return List.of();
		}
		List<Message> removed = this.messages.subList(prefix, cut);
		List<Message> copy = List.copyOf(removed);
		this.journal.edit(prefix, List.copyOf(this.messages.subList(cut, this.messages.size())));
		removed.clear();
		return copy;
	}

	/**
	 * How many system and developer messages lead the list: the instructions that
	 * trimming and the context window keep.
	 */
	static int instructionCount(List<Message> messages) {
		int prefix = 0;
		while (prefix < messages.size() && (messages.get(prefix) instanceof SystemMessage
				|| messages.get(prefix) instanceof DeveloperMessage)) {
			prefix++;
		}
		return prefix;
	}

	/**
	 * Where the last {@code turns} turns start: the index of the {@code turns}-th user
	 * message from the end at or after {@code prefix}, the list's size for 0 turns, or -1
	 * if there are fewer turns. Cutting there never separates a tool call from its
	 * results.
	 */
	static int turnsStart(List<Message> messages, int prefix, int turns) {
		int cut = messages.size();
		int found = 0;
		for (int i = messages.size() - 1; i >= prefix && found < turns; i--) {
			if (messages.get(i) instanceof UserMessage) {
				found++;
				cut = i;
			}
		}
		return (found < turns) ? -1 : cut;
	}

	/**
	 * Starts a turn that answers the last user message again, and returns the messages up
	 * to and including it; the history itself changes only when the new reply is
	 * complete.
	 */
	synchronized List<Message> beginRegenerate() {
		requireIdle("regenerate the last reply");
		for (int i = this.messages.size() - 1; i >= 0; i--) {
			if (this.messages.get(i) instanceof UserMessage) {
				this.turnRunning = true;
				this.turnStart = this.messages.size();
				return List.copyOf(this.messages.subList(0, i + 1));
			}
		}
		throw new IllegalStateException("Cannot regenerate: the conversation has no user message to answer");
	}

	/**
	 * Ends the running turn without changing the history.
	 */
	synchronized void abortTurn() {
		this.journal.turnAborted();
		this.turnRunning = false;
	}

	synchronized boolean turnRunning() {
		return this.turnRunning;
	}

	private void requireIdle(String action) {
		if (this.turnRunning) {
			throw new ConversationBusyException(action);
		}
	}

}
