package dev.chatconversation.samples.chatsse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat app, bound to {@code chat-sse.*}.
 *
 * @param maxContentLength the longest message accepted, in characters (Unicode code
 * points)
 * @param demo whether the offline demo model answers (set by the demo model itself)
 */
@ConfigurationProperties("chat-sse")
public record ChatSseProperties(@DefaultValue("20000") int maxContentLength, boolean demo) {

}
