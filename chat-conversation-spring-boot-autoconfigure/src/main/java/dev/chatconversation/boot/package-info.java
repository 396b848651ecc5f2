/**
 * The chat-conversation types a Spring Boot application uses: the conversation factory,
 * the registry of connections, their settings and the customizers it can implement.
 */
@NullMarked
package dev.chatconversation.boot;

import org.jspecify.annotations.NullMarked;
