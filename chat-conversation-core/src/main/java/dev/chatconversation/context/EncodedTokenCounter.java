package dev.chatconversation.context;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.chatconversation.message.Message;

/**
 * Counts tokens with a real encoding (jtokkit), loaded on first use.
 */
final class EncodedTokenCounter implements TokenCounter {

	private final Encoding encoding;

	private EncodedTokenCounter(Encoding encoding) {
		this.encoding = encoding;
	}

	static EncodedTokenCounter of(String encodingName) {
		EncodingType type = EncodingType.fromName(encodingName)
			.orElseThrow(() -> new IllegalArgumentException("Unknown token encoding '" + encodingName + "'"));
		return new EncodedTokenCounter(Registry.INSTANCE.getEncoding(type));
	}

	@Override
	public int count(Message message) {
		// special tokens in user text are plain text to the API
		return MessageTexts.of(message).count(this.encoding::countTokensOrdinary);
	}

	@Override
	public String toString() {
		return "TokenCounter[" + this.encoding.getName() + "]";
	}

	// loads the registry, and each encoding (several MB), only when first needed
	private static final class Registry {

		static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();

	}

}
