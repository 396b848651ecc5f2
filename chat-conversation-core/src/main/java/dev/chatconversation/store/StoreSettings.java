package dev.chatconversation.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a conversation kept in a store runs its turns.
 *
 * @param leaseDuration how long a turn's lease lasts without renewal: if the instance
 * running the turn dies, another can start a turn on the conversation this long after the
 * last renewal (default 30 s)
 * @param checkpointInterval how often a streaming turn saves its partial reply (and
 * renews its lease), never per chunk; shorter than the lease duration (default 1 s)
 */
public record StoreSettings(Duration leaseDuration, Duration checkpointInterval) {

	/** A 30 s lease and a checkpoint every second. */
	public static final StoreSettings DEFAULTS = new StoreSettings(Duration.ofSeconds(30), Duration.ofSeconds(1));

	public StoreSettings {
		Objects.requireNonNull(leaseDuration, "leaseDuration");
		Objects.requireNonNull(checkpointInterval, "checkpointInterval");
		if (leaseDuration.toMillis() < 1 || checkpointInterval.toMillis() < 1) {
			throw new IllegalArgumentException("The lease duration and the checkpoint interval must be at least 1 ms");
		}
		if (checkpointInterval.compareTo(leaseDuration) >= 0) {
			throw new IllegalArgumentException(
					"The checkpoint interval (" + checkpointInterval + ") must be shorter than the lease duration ("
							+ leaseDuration + "), or leases would expire while turns run");
		}
	}

	/**
	 * A copy with the given lease duration.
	 * @param leaseDuration the lease duration
	 * @return the copy
	 */
	public StoreSettings withLeaseDuration(Duration leaseDuration) {
		return new StoreSettings(leaseDuration, this.checkpointInterval);
	}

	/**
	 * A copy with the given checkpoint interval.
	 * @param checkpointInterval the checkpoint interval
	 * @return the copy
	 */
	public StoreSettings withCheckpointInterval(Duration checkpointInterval) {
		return new StoreSettings(this.leaseDuration, checkpointInterval);
	}

}
