/**
 * A chat app built on the chat-conversation starter: an HTTP API that streams each reply
 * as server-sent events, and a page that shows it.
 */
@NullMarked
package dev.chatconversation.samples.chatsse;

import org.jspecify.annotations.NullMarked;
