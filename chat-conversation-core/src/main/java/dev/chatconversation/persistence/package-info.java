/**
 * Where a conversation's history is kept between runs: today a JSON file of the message
 * list, written atomically. A conversation store (saved conversations that can be listed,
 * loaded, deleted and appended to) belongs here too.
 */
@NullMarked
package dev.chatconversation.persistence;

import org.jspecify.annotations.NullMarked;
