/**
 * Wire types of the Chat Completions API: the request, the response, stream chunks and
 * usage. Fields the library does not model are kept in each value's {@code extra} map.
 */
@NullMarked
package dev.chatconversation.client.model;

import org.jspecify.annotations.NullMarked;
