/**
 * The floor of S5: a plain WebFlux app whose controller relays the model's SSE bytes with
 * {@code WebClient}, parsing nothing.
 */
@NullMarked
package dev.chatconversation.benchmarks.endpoint.passthrough;

import org.jspecify.annotations.NullMarked;
