/**
 * Micrometer observations of chat calls and conversation turns, after the OpenTelemetry
 * GenAI semantic conventions: the {@code gen_ai.client.operation} observation of each
 * client call, the {@code gen_ai.conversation.turn} and
 * {@code gen_ai.conversation.tool_round} observations of conversations, their replaceable
 * conventions, and a handler that records token usage and time to first chunk as meters.
 */
@NullMarked
package dev.chatconversation.observation;

import org.jspecify.annotations.NullMarked;
