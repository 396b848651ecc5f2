/**
 * S5, the SSE endpoint users build, end to end: a fake model server, N browser-like
 * clients, and the two apps under test (the library's endpoint and a plain WebFlux
 * pass-through), each started in a JVM of its own.
 */
@NullMarked
package dev.chatconversation.benchmarks.endpoint;

import org.jspecify.annotations.NullMarked;
