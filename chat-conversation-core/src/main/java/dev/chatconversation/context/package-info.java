/**
 * The context window: which part of a conversation's history each request sends (a
 * maximum number of messages, a token budget), and how tokens are counted.
 */
@NullMarked
package dev.chatconversation.context;

import org.jspecify.annotations.NullMarked;
