package dev.chatconversation.samples.chatsse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.chatconversation.store.ConversationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the chats left idle for longer than {@code chat-sse.chats.idle-expiry}, every
 * {@code chat-sse.chats.sweep-interval}. Several instances on one store may sweep at
 * once: deleting a chat twice does no harm.
 */
@Component
class ChatExpiry {

	private static final Log logger = LogFactory.getLog(ChatExpiry.class);

	private final ConversationStore store;

	private final Duration idleExpiry;

	ChatExpiry(ConversationStore store, ChatSseProperties properties) {
		this.store = store;
		this.idleExpiry = properties.chats().idleExpiry();
	}

	@Scheduled(fixedDelayString = "${chat-sse.chats.sweep-interval:1h}",
			initialDelayString = "${chat-sse.chats.sweep-interval:1h}")
	void sweep() {
		int deleted = sweep(Clock.systemUTC().instant());
		if (deleted > 0) {
			logger.info("Deleted " + deleted + " chats idle for more than " + this.idleExpiry);
		}
	}

	/**
	 * Deletes the chats idle for longer than the expiry at a given time.
	 * @param now the time
	 * @return how many were deleted
	 */
	int sweep(Instant now) {
		return ChatPages.deleteChangedBefore(this.store, now.minus(this.idleExpiry));
	}

}
