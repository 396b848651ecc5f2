package dev.chatconversation.client.stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Remembers the last value read in a few slots (id, model, ...) and hands the same
 * {@link String} back when a chunk repeats it, so repeated values are not copied on every
 * chunk.
 */
final class RepeatedStrings {

	private final @Nullable String[] last = new String[8];

	@Nullable String read(JsonParser parser, int slot) {
		JsonToken token = parser.currentToken();
		if (token != JsonToken.VALUE_STRING) {
			if (token == JsonToken.VALUE_NULL) {
				return null;
			}
			if (token.isStructStart()) {
				parser.skipChildren();
				return null;
			}
			return parser.getValueAsString();
		}
		String previous = this.last[slot];
		char[] chars = parser.getStringCharacters();
		int offset = parser.getStringOffset();
		int length = parser.getStringLength();
		if (previous != null && sameText(previous, chars, offset, length)) {
			return previous;
		}
		String value = new String(chars, offset, length);
		this.last[slot] = value;
		return value;
	}

	private static boolean sameText(String text, char[] chars, int offset, int length) {
		if (text.length() != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (text.charAt(i) != chars[offset + i]) {
				return false;
			}
		}
		return true;
	}

}
