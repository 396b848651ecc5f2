/**
 * Benchmarks of the core module, outside the default build: JMH benchmarks of decoding,
 * chunk reading, accumulation, request encoding and persistence, and an end-to-end load
 * runner that compares the public streaming API with a raw Reactor Netty baseline against
 * a local fake Chat Completions server. Run them with the {@code benchmarks} Maven
 * profile.
 */
@NullMarked
package dev.chatconversation.benchmarks;

import org.jspecify.annotations.NullMarked;
