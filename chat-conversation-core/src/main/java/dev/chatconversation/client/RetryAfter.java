package dev.chatconversation.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads the delay a server asks for before a retry: {@code retry-after-ms} (milliseconds)
 * first, then {@code Retry-After} as seconds (fractions allowed) or as an HTTP date.
 */
final class RetryAfter {

	private RetryAfter() {
	}

	static @Nullable Duration parse(HttpHeaders headers) {
		Duration millis = number(headers.getFirst("retry-after-ms"), 1);
		if (millis != null) {
			return millis;
		}
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		Duration seconds = number(value, 1000);
		return (seconds != null) ? seconds : date(value);
	}

	private static @Nullable Duration number(@Nullable String value, long millisPerUnit) {
		if (value == null) {
			return null;
		}
		try {
			double amount = Double.parseDouble(value.strip());
			if (Double.isNaN(amount) || Double.isInfinite(amount)) {
				return null;
			}
			return Duration.ofMillis((long) Math.ceil(amount * millisPerUnit));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Duration date(String value) {
		try {
			Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Duration.between(Instant.now(), at);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
