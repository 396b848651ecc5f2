package dev.chatconversation.benchmarks;

/**
 * Watches one stream as a contender receives it.
 */
interface StreamProbe {

	/** A probe that watches nothing. */
	StreamProbe NONE = new StreamProbe() {
	};

	/**
	 * A chunk arrived.
	 * @param count how many chunks have arrived so far, this one included
	 */
	default void chunk(long count) {
	}

	/** The first text delta arrived. */
	default void firstDelta() {
	}

}
