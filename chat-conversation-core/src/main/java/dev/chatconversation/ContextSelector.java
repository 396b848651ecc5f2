package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.context.TokenCounter;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link ContextWindow} to the messages of a request: the leading instructions,
 * then as many of the last turns as the limits allow, cut only before a user message (the
 * rule of {@link History#keepLastTurns(int)}), and always the last turn.
 */
final class ContextSelector {

	private final ContextWindow window;

	ContextSelector(ContextWindow window) {
		this.window = window;
	}

	/**
	 * The messages to send: all of them when they fit or cannot be cut, else the
	 * instructions and the most recent turns that fit, at least one.
	 */
	List<Message> select(List<Message> messages, @Nullable String model) {
		if (!this.window.isLimited()) {
			return messages;
		}
		int[] tokens = tokens(messages, model);
		int prefix = History.instructionCount(messages);
		if (fits(messages, prefix, prefix, tokens)) {
			return messages;
		}
		int best = History.turnsStart(messages, prefix, 1);
		if (best < 0) {
			return messages;
		}
		for (int turns = 2;; turns++) {
			int start = History.turnsStart(messages, prefix, turns);
			if (start < 0 || !fits(messages, prefix, start, tokens)) {
				return window(messages, prefix, best);
			}
			best = start;
		}
	}

	/**
	 * A smaller window of messages already sent: the instructions and the most recent
	 * half of the turns (at least the last one), or {@code null} if nothing can be left
	 * out.
	 */
	static @Nullable List<Message> shrink(List<Message> sent) {
		int prefix = History.instructionCount(sent);
		int turns = 0;
		while (History.turnsStart(sent, prefix, turns + 1) >= 0) {
			turns++;
		}
		int start = History.turnsStart(sent, prefix, Math.max(1, turns / 2));
		return (start > prefix) ? window(sent, prefix, start) : null;
	}

	private boolean fits(List<Message> messages, int prefix, int start, int @Nullable [] tokens) {
		Integer maxMessages = this.window.maxMessages();
		if (maxMessages != null && prefix + messages.size() - start > maxMessages) {
			return false;
		}
		Integer maxTokens = this.window.maxTokens();
		if (maxTokens == null || tokens == null) {
			return true;
		}
		long total = 0;
		for (int i = 0; i < prefix; i++) {
			total += tokens[i];
		}
		for (int i = start; i < messages.size(); i++) {
			total += tokens[i];
		}
		return total <= maxTokens;
	}

	private int @Nullable [] tokens(List<Message> messages, @Nullable String model) {
		if (this.window.maxTokens() == null) {
			return null;
		}
		TokenCounter counter = this.window.tokenCounterFor(model);
		int[] tokens = new int[messages.size()];
		for (int i = 0; i < tokens.length; i++) {
			tokens[i] = counter.count(messages.get(i));
		}
		return tokens;
	}

	private static List<Message> window(List<Message> messages, int prefix, int start) {
		List<Message> kept = new ArrayList<>(prefix + messages.size() - start);
		kept.addAll(messages.subList(0, prefix));
		kept.addAll(messages.subList(start, messages.size()));
		return kept;
	}

}
