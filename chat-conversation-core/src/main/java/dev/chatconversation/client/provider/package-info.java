/**
 * Provider profiles: what each Chat Completions-compatible provider accepts, and how a
 * request is adapted so that it does not get rejected.
 */
@NullMarked
package dev.chatconversation.client.provider;

import org.jspecify.annotations.NullMarked;
