/**
 * Model routing and fallback: a client that sends {@code name/model} to the client named
 * {@code name}, and tries fallback models when a model fails before answering.
 */
@NullMarked
package dev.chatconversation.client.routing;

import org.jspecify.annotations.NullMarked;
