package dev.chatconversation.client;

import org.jspecify.annotations.Nullable;

/**
 * Removes an API key from text that may echo it, such as a provider's error message: any
 * run of five or more characters of the key is replaced by {@code ***}, which also
 * catches keys a provider masks only in the middle ({@code sk-VKMIs***wjh3}).
 */
final class SecretRedactor {

	private static final int SHORTEST_RUN = 5;

	private static final String MASK = "***";

	private final @Nullable String secret;

	SecretRedactor(@Nullable String secret) {
		this.secret = (secret != null && secret.length() >= SHORTEST_RUN) ? secret : null;
	}

	String redact(@Nullable String text) {
		if (text == null || this.secret == null || text.length() < SHORTEST_RUN) {
			return (text != null) ? text : "";
		}
		StringBuilder out = null;
		int copied = 0;
		int i = 0;
		while (i <= text.length() - SHORTEST_RUN) {
			int run = longestRunAt(text, i);
			if (run >= SHORTEST_RUN) {
				out = (out != null) ? out : new StringBuilder(text.length());
				out.append(text, copied, i).append(MASK);
				i += run;
				copied = i;
			}
			else {
				i++;
			}
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, text.length()).toString();
	}

	private int longestRunAt(String text, int start) {
		String key = this.secret;
		int best = 0;
		char first = text.charAt(start);
		for (int k = key.indexOf(first); k >= 0; k = key.indexOf(first, k + 1)) {
			int length = 0;
			while (start + length < text.length() && k + length < key.length()
					&& text.charAt(start + length) == key.charAt(k + length)) {
				length++;
			}
			best = Math.max(best, length);
		}
		return best;
	}

}
