/**
 * The offline demo model: a small Chat Completions server started when no provider is
 * configured.
 */
@NullMarked
package dev.chatconversation.samples.chatsse.demo;

import org.jspecify.annotations.NullMarked;
