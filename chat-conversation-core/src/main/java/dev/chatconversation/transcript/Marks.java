package dev.chatconversation.transcript;

import java.util.Locale;
import java.util.Objects;

import dev.chatconversation.message.AssistantAudio;
import dev.chatconversation.message.FilePart;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.InputAudioPart;

/**
 * The marks both transcript formats write for what has no text of its own: audio, files,
 * incomplete replies and inline data.
 */
final class Marks {

	private static final char ELLIPSIS = '\u2026';

	private Marks() {
	}

	static String inputAudio(InputAudioPart audio) {
		InputAudioPart.InputAudio inputAudio = audio.inputAudio();
		return "[audio: " + inputAudio.format() + ", " + kilobytes(decodedLength(inputAudio.data())) + "]";
	}

	static String file(FilePart file) {
		FilePart.FileRef ref = file.file();
		String name = (ref.filename() != null) ? ref.filename() : ref.fileId();
		return "[file: " + ((name != null) ? name : abbreviate(Objects.requireNonNull(ref.fileData()))) + "]";
	}

	static String audioReply(AssistantAudio audio) {
		String transcript = audio.transcript();
		return "[audio reply: " + ((transcript != null) ? transcript : audio.id()) + "]";
	}

	static String describe(Incomplete incomplete) {
		String detail = incomplete.detail();
		return (detail != null) ? incomplete.reason() + " (" + detail + ")" : incomplete.reason();
	}

	/**
	 * Shortens a {@code data:} URL to its header, an ellipsis and its size; returns any
	 * other URL unchanged.
	 * @param url the URL
	 * @return the URL to write
	 */
	static String abbreviate(String url) {
		if (!url.regionMatches(true, 0, "data:", 0, 5)) {
			return url;
		}
		int comma = url.indexOf(',');
		String header = (comma >= 0) ? url.substring(0, comma + 1) : "data:";
		String payload = url.substring(header.length());
		boolean base64 = header.toLowerCase(Locale.ROOT).endsWith(";base64,");
		long size = base64 ? decodedLength(payload) : payload.length();
		return header + ELLIPSIS + "(" + kilobytes(size) + ")";
	}

	private static long decodedLength(String base64) {
		long symbols = base64.chars().filter(Marks::isBase64Symbol).count();
		return symbols * 3 / 4;
	}

	private static boolean isBase64Symbol(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
				|| c == '-' || c == '_';
	}

	private static String kilobytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

}
