package dev.chatconversation.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.base.ParserBase;

/**
 * Remembers the last value read in a few slots (id, model, ...) and hands the same
 * {@link String} back when a chunk repeats it, so repeated values are not copied on every
 * chunk. The creation time is boxed once per stream the same way.
 *
 * <p>
 * A value made of plain ASCII is kept with its raw JSON bytes, and compared with the
 * input's bytes before anything decodes it: when it repeats, it is never decoded at all
 * (the parser then skips it). Other values are compared once decoded. Both chunk readers
 * ({@link ChunkScanner} and the Jackson path of {@link ChunkReader}) share one instance
 * per stream.
 */
final class RepeatedStrings {

	private static final int SLOTS = 8;

	private final @Nullable String[] last = new String[SLOTS];

	// last[i]'s bytes when it is its own raw JSON (plain ASCII), else null
	private final byte @Nullable [][] raw = new byte[SLOTS][];

	private @Nullable Long created;

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
		byte[] raw = this.raw[slot];
		if (raw != null && repeatsRaw(parser, raw, input, base)) {
			return previous;
		}
		char[] chars = parser.getStringCharacters();
		int offset = parser.getStringOffset();
		int length = parser.getStringLength();
		if (previous != null && sameText(previous, chars, offset, length)) {
			return previous;
		}
		return keep(slot, new String(chars, offset, length));
	}

	/**
	 * The last value of a slot if it is plain ASCII whose bytes, followed by a closing
	 * quote, lie at {@code start}.
	 * @param slot which value this is
	 * @param input the array
	 * @param start where the string's content starts
	 * @param end where the input ends
	 * @return the last value, or {@code null} if it is not there
	 */
	@Nullable String repeatsAt(int slot, byte[] input, int start, int end) {
		byte[] raw = this.raw[slot];
		if (raw == null) {
			return null;
		}
		int close = start + raw.length;
		if (close >= end || input[close] != '"' || !Arrays.equals(input, start, close, raw, 0, raw.length)) {
			return null;
		}
		return this.last[slot];
	}

	/**
	 * Remembers a decoded value of a slot, or hands back the last one if equal.
	 * @param slot which value this is
	 * @param value the value
	 * @return the value to keep
	 */
	String remember(int slot, String value) {
		String previous = this.last[slot];
		return value.equals(previous) ? previous : keep(slot, value);
	}

	/**
	 * The creation time, the same on every chunk: boxed once per stream.
	 * @param value the time read
	 * @return the boxed time
	 */
	Long created(long value) {
		Long previous = this.created;
		if (previous == null || previous != value) {
			previous = value;
			this.created = previous;
		}
		return previous;
	}

	private String keep(int slot, String value) {
		this.last[slot] = value;
		this.raw[slot] = plainAscii(value) ? value.getBytes(StandardCharsets.ISO_8859_1) : null;
		return value;
	}

	/**
	 * Whether the undecoded string under the parser is exactly {@code raw}, followed by
	 * its closing quote. The parser reports where the string's content starts; that is
	 * checked to follow an opening quote, so a parser that reports positions otherwise
	 * only loses the shortcut.
	 */
	private static boolean repeatsRaw(JsonParser parser, byte[] raw, byte[] input, int base) {
		if (!(parser instanceof ParserBase located)) {
			return false;
		}
		long start = base + located.getTokenCharacterOffset();
		long end = start + raw.length;
		if (start < 1 || end >= input.length || input[(int) start - 1] != '"' || input[(int) end] != '"') {
			return false;
		}
		return Arrays.equals(input, (int) start, (int) end, raw, 0, raw.length);
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
