/**
 * Internal: server-sent events decoding and chunk reading for the client's streams, and
 * the reading of Mistral's content arrays shared with whole replies.
 *
 * <p>
 * This package is not API. Its types are public only so that the client and model
 * packages can reach them; they carry no compatibility promise and may change or
 * disappear in any release. Applications use {@code ChatCompletionsClient.stream(..)},
 * which hands out decoded {@code ChatCompletionChunk}s.
 */
@NullMarked
package dev.chatconversation.client.internal;

import org.jspecify.annotations.NullMarked;
