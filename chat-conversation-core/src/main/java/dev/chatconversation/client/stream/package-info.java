/**
 * Assembling streamed replies:
 * {@link dev.chatconversation.client.stream.ChatCompletionAccumulator} folds the chunks
 * of {@code ChatCompletionsClient.stream(..)} into the {@code ChatCompletion} a
 * non-streaming call would have returned.
 */
@NullMarked
package dev.chatconversation.client.stream;

import org.jspecify.annotations.NullMarked;
