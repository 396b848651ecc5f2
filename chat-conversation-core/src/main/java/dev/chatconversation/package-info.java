/**
 * The conversation object: history, turns, persistence and transcript export.
 */
@NullMarked
package dev.chatconversation;

import org.jspecify.annotations.NullMarked;
