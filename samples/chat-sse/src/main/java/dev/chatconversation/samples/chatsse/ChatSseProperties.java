package dev.chatconversation.samples.chatsse;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat app, bound to {@code chat-sse.*}.
 *
 * @param maxContentLength the longest message accepted, in characters (Unicode code
 * points)
 * @param demo whether the offline demo model answers (set by the demo model itself)
 * @param heartbeat the longest silence in a reply stream before a heartbeat comment is
 * sent, zero for none
 */
@ConfigurationProperties("chat-sse")
public record ChatSseProperties(@DefaultValue("20000") int maxContentLength, boolean demo,
		@DefaultValue("15s") Duration heartbeat) {

}
