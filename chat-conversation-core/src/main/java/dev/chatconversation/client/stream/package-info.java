/**
 * Server-sent events decoding, chunk reading and the accumulator that folds stream chunks
 * into a complete response.
 */
@NullMarked
package dev.chatconversation.client.stream;

import org.jspecify.annotations.NullMarked;
