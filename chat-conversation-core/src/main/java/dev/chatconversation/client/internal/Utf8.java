package dev.chatconversation.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * UTF-8 checks and JSON string decoding for {@link ChunkScanner}. Only well-formed UTF-8
 * (Unicode's table 3-7: no overlong forms, no encoded surrogates, nothing above U+10FFFF)
 * and JSON's own escapes are accepted, so that whatever is accepted decodes to the same
 * characters as Jackson and the JDK decode it; anything else is left to Jackson.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Whether the bytes are well-formed UTF-8.
	 * @param in the array
	 * @param start the first byte
	 * @param end after the last byte
	 * @return whether they are
	 */
	static boolean wellFormed(byte[] in, int start, int end) {
		int at = start;
		while (at < end) {
			int b = in[at];
			if (b >= 0) {
				at++;
				continue;
			}
			int length = sequenceLength(in, at, end);
			if (length == 0) {
				return false;
			}
			at += length;
		}
		return true;
	}

	/**
	 * Decodes a JSON string's content, escapes included.
	 * @param in the array
	 * @param start the first byte after the opening quote
	 * @param end the closing quote
	 * @return the string, or {@code null} if an escape or the UTF-8 is not valid
	 */
	static @Nullable String unescape(byte[] in, int start, int end) {
		char[] chars = new char[end - start];
		int count = 0;
		int at = start;
		while (at < end) {
			int b = in[at];
			if (b >= 0 && b != '\\') {
				chars[count++] = (char) b;
				at++;
			}
			else if (b == '\\') {
				if (at + 1 >= end) {
					return null;
				}
				byte escaped = in[at + 1];
				char c;
				switch (escaped) {
					case '"' -> c = '"';
					case '\\' -> c = '\\';
					case '/' -> c = '/';
					case 'b' -> c = '\b';
					case 'f' -> c = '\f';
					case 'n' -> c = '\n';
					case 'r' -> c = '\r';
					case 't' -> c = '\t';
					case 'u' -> {
						if (at + 6 > end) {
							return null;
						}
						int code = 0;
						for (int i = at + 2; i < at + 6; i++) {
							int digit = Character.digit(in[i], 16);
							if (digit < 0) {
								return null;
							}
							code = (code << 4) | digit;
						}
						c = (char) code;
						at += 4;
					}
					default -> {
						return null;
					}
				}
				chars[count++] = c;
				at += 2;
			}
			else {
				int length = sequenceLength(in, at, end);
				if (length == 0) {
					return null;
				}
				int code = codePoint(in, at, length);
				if (code >= 0x10000) {
					chars[count++] = Character.highSurrogate(code);
					chars[count++] = Character.lowSurrogate(code);
				}
				else {
					chars[count++] = (char) code;
				}
				at += length;
			}
		}
		return new String(chars, 0, count);
	}

	/**
	 * The length of the well-formed multi-byte sequence at {@code at}, or 0 if it is not
	 * one.
	 */
	private static int sequenceLength(byte[] in, int at, int end) {
		int b0 = in[at] & 0xFF;
		if (b0 >= 0xC2 && b0 <= 0xDF) {
			return (at + 1 < end && continuation(in[at + 1], 0x80, 0xBF)) ? 2 : 0;
		}
		if (b0 >= 0xE0 && b0 <= 0xEF) {
			int low = (b0 == 0xE0) ? 0xA0 : 0x80;
			int high = (b0 == 0xED) ? 0x9F : 0xBF;
			return (at + 2 < end && continuation(in[at + 1], low, high) && continuation(in[at + 2], 0x80, 0xBF)) ? 3
					: 0;
		}
		if (b0 >= 0xF0 && b0 <= 0xF4) {
			int low = (b0 == 0xF0) ? 0x90 : 0x80;
			int high = (b0 == 0xF4) ? 0x8F : 0xBF;
			return (at + 3 < end && continuation(in[at + 1], low, high) && continuation(in[at + 2], 0x80, 0xBF)
					&& continuation(in[at + 3], 0x80, 0xBF)) ? 4 : 0;
		}
		return 0;
	}

	private static boolean continuation(byte b, int low, int high) {
		int value = b & 0xFF;
		return value >= low && value <= high;
	}

	private static int codePoint(byte[] in, int at, int length) {
		int b0 = in[at] & 0xFF;
		return switch (length) {
			case 2 -> ((b0 & 0x1F) << 6) | (in[at + 1] & 0x3F);
			case 3 -> ((b0 & 0x0F) << 12) | ((in[at + 1] & 0x3F) << 6) | (in[at + 2] & 0x3F);
			default ->
				((b0 & 0x07) << 18) | ((in[at + 1] & 0x3F) << 12) | ((in[at + 2] & 0x3F) << 6) | (in[at + 3] & 0x3F);
		};
	}

}
