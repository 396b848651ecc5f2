package dev.chatconversation.samples.chatsse;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.chatconversation.boot.ChatToolMethod;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The sample's tool: the model may ask for the current time. The starter finds the
 * annotated method and gives it to every conversation ({@code chat.tools.enabled}); the
 * offline demo model calls it when a message asks what time it is.
 */
@Component
public class ClockTool {

	/** The name the model calls the tool by. */
	public static final String NAME = "current_time";

	private final Clock clock = Clock.systemDefaultZone();

	/**
	 * The current date and time.
	 * @param zone an IANA time zone, or {@code null} for the server's
	 * @return the time as ISO-8601 with its offset and zone
	 */
	@ChatToolMethod(name = NAME, description = "The current date and time, in the server's time zone or the one given")
	public String currentTime(
			@JsonPropertyDescription("An IANA time zone such as Europe/Paris, or null for the server's one") @Nullable String zone) {
		ZoneId zoneId = (zone != null) ? ZoneId.of(zone) : this.clock.getZone();
		return ZonedDateTime.now(this.clock.withZone(zoneId)).format(DateTimeFormatter.ISO_ZONED_DATE_TIME);
	}

}
