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
 * @param chats how many chats are kept, and for how long
 */
@ConfigurationProperties("chat-sse")
public record ChatSseProperties(@DefaultValue("20000") int maxContentLength, boolean demo,
		@DefaultValue("15s") Duration heartbeat, @DefaultValue Chats chats) {

	/**
	 * The bounds of the chats in the store.
	 *
	 * @param maxPerClient the most chats one browser (client cookie) keeps: creating one
	 * more deletes its least recently changed ones
	 * @param maxTotal the most chats the store holds: beyond it, new chats are refused
	 * with a 503 until older ones expire or are deleted
	 * @param idleExpiry how long a chat is kept after its last change
	 * @param sweepInterval how often chats idle for longer than {@code idleExpiry} are
	 * deleted
	 */
	public record Chats(@DefaultValue("100") int maxPerClient, @DefaultValue("10000") int maxTotal,
			@DefaultValue("30d") Duration idleExpiry, @DefaultValue("1h") Duration sweepInterval) {

	}

}
