/**
 * Issue 18's reproduction without the library: the library's endpoint rebuilt on plain
 * {@code WebClient}, parsing the model's SSE and writing {@code ServerSentEvent} objects.
 */
@NullMarked
package dev.chatconversation.benchmarks.endpoint.plainsse;

import org.jspecify.annotations.NullMarked;
