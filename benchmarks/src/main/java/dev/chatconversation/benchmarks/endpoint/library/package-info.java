/**
 * The app under test: a minimal WebFlux app on the starter whose controller streams
 * {@code conversation.sendAndStreamResponse(text)} as server-sent events, like the
 * sample's endpoint.
 */
@NullMarked
package dev.chatconversation.benchmarks.endpoint.library;

import org.jspecify.annotations.NullMarked;
