/**
 * Conversation stores: where conversations are kept so that they survive restarts and can
 * be served by any of several instances.
 *
 * <p>
 * A {@link dev.chatconversation.store.ConversationStore} keeps, for each conversation,
 * the same JSON message list that {@code saveToJsonFile} writes, plus metadata (times, a
 * version, owner, title, model), and the lease and checkpoint of the turn that runs on
 * it. Writes carry the version they expect (optimistic concurrency) and are proportional
 * to the messages they add. Implementations: in memory, a folder of JSON files, JDBC and
 * Redis; they all pass the same contract tests.
 */
@NullMarked
package dev.chatconversation.store;

import org.jspecify.annotations.NullMarked;
