package dev.chatconversation.context;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Maps model names to the tokenizer encodings of OpenAI's models.
 */
final class ModelEncodings {

	static final String O200K_BASE = "o200k_base";

	static final String CL100K_BASE = "cl100k_base";

	private static final Pattern O_SERIES = Pattern.compile("o[1-9](-.*)?");

	private ModelEncodings() {
	}

	static @Nullable String encodingName(@Nullable String model) {
		if (model == null) {
			return null;
		}
		String name = model.toLowerCase(Locale.ROOT);
		name = name.substring(name.lastIndexOf('/') + 1);
		if (name.startsWith("ft:")) {
			name = name.substring(3);
		}
		if (name.startsWith("gpt-4o") || name.startsWith("chatgpt-4o") || name.startsWith("gpt-4.1")
				|| name.startsWith("gpt-4.5") || name.startsWith("gpt-5") || O_SERIES.matcher(name).matches()) {
			return O200K_BASE;
		}
		if (name.startsWith("gpt-4") || name.startsWith("gpt-3.5") || name.startsWith("gpt-35")) {
			return CL100K_BASE;
		}
		return null;
	}

}
