package dev.chatconversation.samples.chatsse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep one client, or many, from exhausting the app, bound to
 * {@code chat-sse.limits.*}.
 *
 * @param turnBurst how many turns (messages, regenerations, edits) a client may start at
 * once before the rate limit applies
 * @param turnsPerMinute how many turns a client may start per minute once its burst is
 * spent
 * @param maxStreams how many replies may stream at once on this server
 * @param maxStreamsPerClient how many replies one client may stream at once
 * @param maxBodySize the largest request body accepted on any endpoint
 * @param behindProxy whether the app runs behind one trusted reverse proxy that appends
 * the client's address to {@code X-Forwarded-For}, whose last address then identifies the
 * client
 */
@ConfigurationProperties("chat-sse.limits")
public record ClientLimitsProperties(@DefaultValue("10") int turnBurst, @DefaultValue("20") int turnsPerMinute,
		@DefaultValue("100") int maxStreams, @DefaultValue("3") int maxStreamsPerClient,
		@DefaultValue("256KB") DataSize maxBodySize, boolean behindProxy) {

	public ClientLimitsProperties {
		requirePositive("turn-burst", turnBurst);
		requirePositive("turns-per-minute", turnsPerMinute);
		requirePositive("max-streams", maxStreams);
		requirePositive("max-streams-per-client", maxStreamsPerClient);
		requirePositive("max-body-size", maxBodySize.toBytes());
	}

	private static void requirePositive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException("chat-sse.limits." + name + " must be positive but is " + value);
		}
	}

}
