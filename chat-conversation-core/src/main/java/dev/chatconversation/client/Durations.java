package dev.chatconversation.client;

import java.time.Duration;

/**
 * Short human-readable durations for messages ({@code 250 ms}, {@code 30 s},
 * {@code 2 min}).
 */
final class Durations {

	private Durations() {
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + " min";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + " s";
		}
		return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
