package dev.chatconversation.client.internal;

import tools.jackson.databind.JsonNode;

/**
 * Reads reply content given as an array of parts, as Mistral's Magistral models send it:
 * {@code text} parts are the answer, {@code thinking} parts the reasoning.
 */
public final class ContentArrays {

	private ContentArrays() {
	}

	/**
	 * Splits content parts into answer text and reasoning.
	 * @param parts the {@code content} array of a message or delta
	 * @return the text and the reasoning, each empty when absent
	 */
	public static Split split(JsonNode parts) {
		StringBuilder text = new StringBuilder();
		StringBuilder thinking = new StringBuilder();
		for (JsonNode part : parts) {
			String type = part.path("type").asString("");
			if (type.equals("text")) {
				text.append(part.path("text").asString(""));
			}
			else if (type.equals("thinking")) {
				JsonNode pieces = part.path("thinking");
				if (pieces.isString()) {
					thinking.append(pieces.stringValue());
				}
				for (JsonNode piece : pieces) {
					thinking.append(piece.path("text").asString(""));
				}
			}
		}
		return new Split(text.toString(), thinking.toString());
	}

	/**
	 * Content split into answer and reasoning.
	 *
	 * @param text the answer text
	 * @param thinking the reasoning text
	 */
	public record Split(String text, String thinking) {

	}

}
