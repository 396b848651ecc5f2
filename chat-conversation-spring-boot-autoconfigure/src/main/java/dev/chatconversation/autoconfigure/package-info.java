/**
 * Spring Boot auto-configuration for chat-conversation: {@code chat.*} properties, the
 * client and conversation factory beans, named connections and customizers.
 */
@NullMarked
package dev.chatconversation.autoconfigure;

import org.jspecify.annotations.NullMarked;
