package dev.chatconversation.message;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Marks an assistant reply that stopped before the model finished it, and why.
 *
 * <p>
 * The mark is saved with the history (as {@code "incomplete": {"reason": ..., "detail":
 * ...}}) and never sent to the API.
 *
 * @param reason why the reply is incomplete: {@link #CANCELLED}, {@link #ERROR},
 * {@link #TIMEOUT} or {@link #INTERRUPTED}
 * @param detail a human-readable explanation, such as the error message
 */
public record Incomplete(String reason, @Nullable String detail) {

	/** The subscriber cancelled the turn. */
	public static final String CANCELLED = "cancelled";

	/** The turn failed with an error after some content arrived. */
	public static final String ERROR = "error";

	/** The turn timed out after some content arrived. */
	public static final String TIMEOUT = "timeout";

	/**
	 * The instance running the turn stopped (it crashed or was killed) and the reply is
	 * its last checkpoint in a conversation store.
	 */
	public static final String INTERRUPTED = "interrupted";

	public Incomplete {
		Objects.requireNonNull(reason, "reason");
	}

}
