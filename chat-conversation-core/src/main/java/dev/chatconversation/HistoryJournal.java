package dev.chatconversation;

import java.util.List;

import dev.chatconversation.message.Message;

/**
 * Where a {@link History} reports its changes, each as "keep the first {@code keep}
 * messages, then append these": a conversation store writes them. Changes outside a turn
 * are reported before they are made, and one that the journal refuses (by throwing) is
 * not made; changes of a running turn are reported as they happen and must not block.
 */
interface HistoryJournal {

	/** A journal that keeps nothing: the history lives in memory only. */
	HistoryJournal NONE = new HistoryJournal() {

		@Override
		public void edit(int keep, List<Message> appended) {
		}

		@Override
		public void turnContinued(int keep, List<Message> added) {
		}

		@Override
		public void turnEnded(int keep, List<Message> appended) {
		}

		@Override
		public void turnAborted() {
		}

	};

	/** A change outside a turn, about to be made; throwing refuses it. */
	void edit(int keep, List<Message> appended);

	/** A running turn added messages (a reply with tool calls and their results). */
	void turnContinued(int keep, List<Message> added);

	/** The running turn ended, keeping the first {@code keep} messages and appending. */
	void turnEnded(int keep, List<Message> appended);

	/** The running turn ended without changing the history. */
	void turnAborted();

}
