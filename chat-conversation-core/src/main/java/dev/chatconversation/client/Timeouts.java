package dev.chatconversation.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The time limits of a request; {@code null} means no limit.
 *
 * <p>
 * The defaults (see {@link #DEFAULTS}) suit reasoning models, which may think for
 * minutes: 10 s to connect, no separate limit on the first byte, 2 minutes without a
 * stream event, and 10 minutes in all (the official SDKs' default).
 *
 * @param connect time to establish the connection; set per client
 * @param firstByte time from sending the request to the start of the response; for a
 * non-streaming call that includes the whole generation
 * @param streamIdle longest gap between two stream events; keep-alive comments do not
 * count as events, so a stalled upstream that only sends keep-alives still times out
 * @param total time for the whole call, retries included
 */
public record Timeouts(@Nullable Duration connect, @Nullable Duration firstByte, @Nullable Duration streamIdle,
		@Nullable Duration total) {

	/**
	 * The default limits: 10 s connect, no first-byte limit, 2 min idle, 10 min total.
	 */
	public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), null, Duration.ofMinutes(2),
			Duration.ofMinutes(10));

	/** No limits at all. */
	public static final Timeouts NONE = new Timeouts(null, null, null, null);

	public Timeouts {
		requirePositive(connect, "connect");
		requirePositive(firstByte, "firstByte");
		requirePositive(streamIdle, "streamIdle");
		requirePositive(total, "total");
	}

	/**
	 * A copy with another total timeout.
	 * @param total the new total, or {@code null} for none
	 * @return the copy
	 */
	public Timeouts withTotal(@Nullable Duration total) {
		return new Timeouts(this.connect, this.firstByte, this.streamIdle, total);
	}

	/**
	 * A copy with another first-byte timeout.
	 * @param firstByte the new limit, or {@code null} for none
	 * @return the copy
	 */
	public Timeouts withFirstByte(@Nullable Duration firstByte) {
		return new Timeouts(this.connect, firstByte, this.streamIdle, this.total);
	}

	/**
	 * A copy with another stream idle timeout.
	 * @param streamIdle the new limit, or {@code null} for none
	 * @return the copy
	 */
	public Timeouts withStreamIdle(@Nullable Duration streamIdle) {
		return new Timeouts(this.connect, this.firstByte, streamIdle, this.total);
	}

	/**
	 * A copy with another connect timeout.
	 * @param connect the new limit, or {@code null} for none
	 * @return the copy
	 */
	public Timeouts withConnect(@Nullable Duration connect) {
		return new Timeouts(connect, this.firstByte, this.streamIdle, this.total);
	}

	private static void requirePositive(@Nullable Duration duration, String name) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException("The " + name + " timeout must be positive but is " + duration);
		}
	}

}
