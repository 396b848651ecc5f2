/**
 * Spring Boot auto-configuration for chat-conversation: the {@code chat.*} properties,
 * their mapping to connection settings and the wiring of the beans of
 * {@link dev.chatconversation.boot}.
 */
@NullMarked
package dev.chatconversation.autoconfigure;

import org.jspecify.annotations.NullMarked;
