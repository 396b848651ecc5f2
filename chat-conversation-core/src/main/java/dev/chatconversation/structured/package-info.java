/**
 * Structured outputs: JSON schemas generated from Java types (strict-mode compatible),
 * strict reading of JSON into those types, and the typed errors of a reply that cannot be
 * read.
 */
@NullMarked
package dev.chatconversation.structured;

import org.jspecify.annotations.NullMarked;
