/**
 * The {@code WebClient}-backed Chat Completions client, its builder, settings and
 * exception hierarchy.
 */
@NullMarked
package dev.chatconversation.client;

import org.jspecify.annotations.NullMarked;
