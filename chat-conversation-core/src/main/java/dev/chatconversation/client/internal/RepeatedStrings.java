package dev.chatconversation.client.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.base.ParserBase;

/**
 * Remembers the last value read in a few slots (id, model, ...) and hands the same
 * {@link String} back when a chunk repeats it, so repeated values are not copied on every
 * chunk.
 *
 * <p>
 * A value made of plain ASCII is compared with the input's raw bytes before Jackson
 * decodes it: when it repeats, it is never decoded at all (the parser then skips it).
 * Other values are compared once decoded.
 */
final class RepeatedStrings {

	private static final int SLOTS = 8;

	private final @Nullable String[] last = new String[SLOTS];

	// bit i set when last[i] is its own raw JSON (plain ASCII): compared with the input
	// bytes char by char, so a stream holds no byte copy of its repeated values
	private int plainAscii;

	/**
	 * Reads the current string value.
	 * @param parser the parser, on the value
	 * @param slot which value this is
	 * @param input the array the parser reads
	 * @param base where the parser's input starts in that array
	 * @return the value
	 */
	@Nullable String read(JsonParser parser, int slot, byte[] input, int base) {
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
		int bit = 1 << slot;
		if (previous != null && (this.plainAscii & bit) != 0 && repeatsRaw(parser, previous, input, base)) {
			return previous;
		}
		char[] chars = parser.getStringCharacters();
		int offset = parser.getStringOffset();
		int length = parser.getStringLength();
		if (previous != null && sameText(previous, chars, offset, length)) {
			return previous;
		}
		String value = new String(chars, offset, length);
		this.last[slot] = value;
		this.plainAscii = plainAscii(value) ? (this.plainAscii | bit) : (this.plainAscii & ~bit);
		return value;
	}

	/**
	 * Whether the undecoded string under the parser is exactly {@code raw}'s characters
	 * (plain ASCII, so one byte each), followed by its closing quote. The parser reports
	 * where the string's content starts; that is checked to follow an opening quote, so a
	 * parser that reports positions otherwise only loses the shortcut.
	 */
	private static boolean repeatsRaw(JsonParser parser, String raw, byte[] input, int base) {
		if (!(parser instanceof ParserBase located)) {
			return false;
		}
		long start = base + located.getTokenCharacterOffset();
		long end = start + raw.length();
		if (start < 1 || end >= input.length || input[(int) start - 1] != '"' || input[(int) end] != '"') {
			return false;
		}
		int from = (int) start;
		for (int i = 0; i < raw.length(); i++) {
			if (input[from + i] != raw.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** Whether the text is its own JSON string content: ASCII without escapes. */
	private static boolean plainAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
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
