package dev.chatconversation.client.model;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code web_search_options} parameter of a request, for search models.
 *
 * @param searchContextSize {@code low}, {@code medium} or {@code high}
 * @param userLocation the approximate user location object
 */
public record WebSearchOptions(@Nullable String searchContextSize, @Nullable JsonNode userLocation) {
}
