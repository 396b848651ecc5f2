/**
 * Provider profiles: what each Chat Completions-compatible provider accepts, and how a
 * request is adapted so that it does not get rejected. {@link ProviderProfiles} holds the
 * profiles of the known providers, each made of {@link RequestRule}s that cite the
 * provider behaviour they answer.
 */
@NullMarked
package dev.chatconversation.client.provider;

import org.jspecify.annotations.NullMarked;
