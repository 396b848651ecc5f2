package dev.chatconversation.client.model;

import tools.jackson.databind.JsonNode;

/**
 * The {@code prediction} parameter of a request: predicted output that speeds up
 * regeneration of mostly known text.
 *
 * @param type {@code content}
 * @param content the predicted text, or an array of text parts
 */
public record Prediction(String type, JsonNode content) {
}
