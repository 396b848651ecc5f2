/**
 * Immutable chat messages in the OpenAI Chat Completions shape, their content parts and
 * the JSON codec that reads and writes them.
 */
@NullMarked
package dev.chatconversation.message;

import org.jspecify.annotations.NullMarked;
