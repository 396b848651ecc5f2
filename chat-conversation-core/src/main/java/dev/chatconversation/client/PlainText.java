package dev.chatconversation.client;

/**
 * The readable text of an error body that is not JSON, such as a proxy's HTML page:
 * {@code script} and {@code style} elements dropped, other tags replaced by a space,
 * white space collapsed.
 *
 * <p>
 * A scan in linear time. The regular expressions it replaces backtracked over the rest of
 * the body at every {@code <} that no {@code >} followed: a 64 KiB body of {@code <} kept
 * a thread busy for minutes.
 */
final class PlainText {

	private static final String[] HIDDEN_ELEMENTS = { "script", "style" };

	private PlainText() {
	}

	static String of(String body) {
		return withoutTags(withoutHiddenElements(body)).replaceAll("\\s+", " ").strip();
	}

	/**
	 * Replaces each {@code <script...>...</script>} and {@code <style...>...</style>} by
	 * a space, as {@code (?s)<(script|style)[^>]*>.*?</\1>} did.
	 */
	private static String withoutHiddenElements(String body) {
		StringBuilder text = new StringBuilder(body.length());
		// once a closing tag is missing after some point, it is missing after any later
		// one
		boolean[] unclosed = new boolean[HIDDEN_ELEMENTS.length];
		int i = 0;
		while (i < body.length()) {
			int end = (body.charAt(i) == '<') ? hiddenElementEnd(body, i, unclosed) : -1;
			if (end < 0) {
				text.append(body.charAt(i++));
			}
			else {
				text.append(' ');
				i = end;
			}
		}
		return text.toString();
	}

	/** Where the hidden element starting at {@code start} ends, or -1 if none does. */
	private static int hiddenElementEnd(String body, int start, boolean[] unclosed) {
		for (int n = 0; n < HIDDEN_ELEMENTS.length; n++) {
			String name = HIDDEN_ELEMENTS[n];
			if (unclosed[n] || !body.startsWith(name, start + 1)) {
				continue;
			}
			int tagEnd = body.indexOf('>', start + 1 + name.length());
			String closing = "</" + name + ">";
			int close = (tagEnd >= 0) ? body.indexOf(closing, tagEnd + 1) : -1;
			if (close >= 0) {
				return close + closing.length();
			}
			unclosed[n] = true;
		}
		return -1;
	}

	/** Replaces each tag by a space, as {@code <[^>]*>} did. */
	private static String withoutTags(String body) {
		StringBuilder text = new StringBuilder(body.length());
		int i = 0;
		while (i < body.length()) {
			if (body.charAt(i) != '<') {
				text.append(body.charAt(i++));
				continue;
			}
			int tagEnd = body.indexOf('>', i + 1);
			if (tagEnd < 0) {
				// no '>' after this '<': no tag starts here or later
				text.append(body, i, body.length());
				break;
			}
			text.append(' ');
			i = tagEnd + 1;
		}
		return text.toString();
	}

}
