package dev.chatconversation.observation;

import java.util.List;

import io.micrometer.observation.Observation;

/**
 * What is known of a conversation turn, or of one of its tool rounds, for
 * {@link ConversationObservationConvention}s and observation handlers. Message content is
 * never kept here.
 */
public final class ConversationObservationContext extends Observation.Context {

	private final boolean toolRound;

	private final boolean streaming;

	private final List<String> toolNames;

	private int toolRounds;

	private boolean cancelled;

	private ConversationObservationContext(boolean toolRound, boolean streaming, List<String> toolNames) {
		this.toolRound = toolRound;
		this.streaming = streaming;
		this.toolNames = List.copyOf(toolNames);
	}

	/**
	 * The context of a turn.
	 * @param streaming whether the turn streams
	 * @return the context
	 */
	public static ConversationObservationContext turn(boolean streaming) {
		return new ConversationObservationContext(false, streaming, List.of());
	}

	/**
	 * The context of a tool round.
	 * @param streaming whether its turn streams
	 * @param toolNames the names of the tools called, one per call
	 * @return the context
	 */
	public static ConversationObservationContext toolRound(boolean streaming, List<String> toolNames) {
		return new ConversationObservationContext(true, streaming, toolNames);
	}

	/**
	 * Whether this is a tool round rather than a turn.
	 * @return whether it is a tool round
	 */
	public boolean isToolRound() {
		return this.toolRound;
	}

	/**
	 * Whether the turn streams.
	 * @return whether it streams
	 */
	public boolean streaming() {
		return this.streaming;
	}

	/**
	 * The tools a round called, one name per call; empty for a turn.
	 * @return the names
	 */
	public List<String> toolNames() {
		return this.toolNames;
	}

	/**
	 * How many tool rounds a turn started so far.
	 * @return the count
	 */
	public int toolRounds() {
		return this.toolRounds;
	}

	/** Records that a turn started a tool round. */
	public void toolRoundStarted() {
		this.toolRounds++;
	}

	/** Records that the subscriber cancelled. */
	public void cancelled() {
		this.cancelled = true;
	}

	/**
	 * Whether the subscriber cancelled.
	 * @return whether it was cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

}
