/**
 * Transcripts of a conversation for people to read: the Python library's plain text
 * layout and a Markdown format.
 */
@NullMarked
package dev.chatconversation.transcript;

import org.jspecify.annotations.NullMarked;
