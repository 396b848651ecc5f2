package dev.chatconversation.context;

import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tokens a message takes in a request, its per-message overhead included.
 */
@FunctionalInterface
public interface TokenCounter {

	/**
	 * The tokens the message takes in a request.
	 * @param message the message
	 * @return the count, at least 1
	 */
	int count(Message message);

	/**
	 * The counter for a model: its real encoding for the OpenAI models whose encoding is
	 * known ({@code o200k_base} for {@code gpt-4o}, {@code gpt-4.1}, {@code gpt-4.5},
	 * {@code gpt-5} and the {@code o} series; {@code cl100k_base} for {@code gpt-4} and
	 * {@code gpt-3.5}), {@link #estimate()} for any other model. A routing prefix
	 * ({@code openai/gpt-4o}) and a fine-tune prefix ({@code ft:gpt-4o-mini:...}) are
	 * ignored. The first counter of an encoding loads it (a table of several MB, which
	 * takes about a second and more on a busy machine); call this method at startup to
	 * keep that wait out of the first request.
	 * @param model the model name, or {@code null}
	 * @return the counter
	 */
	static TokenCounter forModel(@Nullable String model) {
		String encoding = ModelEncodings.encodingName(model);
		return (encoding != null) ? EncodedTokenCounter.of(encoding) : estimate();
	}

	/**
	 * The counter of an encoding: each text of a message (content, refusal, name, tool
	 * call names and arguments, tool call ids) encoded, plus 4 tokens per message for the
	 * role and the message framing, plus 85 per image, audio or file part (the cost of a
	 * low-detail image; a high-detail image costs more).
	 * @param encodingName {@code o200k_base}, {@code cl100k_base}, {@code p50k_base} or
	 * {@code r50k_base}
	 * @return the counter
	 * @throws IllegalArgumentException if the encoding is unknown
	 */
	static TokenCounter ofEncoding(String encodingName) {
		return EncodedTokenCounter.of(encodingName);
	}

	/**
	 * The estimate used when the model's tokenizer is unknown: the characters of a
	 * message's texts divided by 4, rounded up, plus the same 4 tokens per message and 85
	 * per image, audio or file part as {@link #ofEncoding(String)}. It is close for
	 * English text and low for other scripts, so leave a margin below the model's
	 * context.
	 * @return the counter
	 */
	static TokenCounter estimate() {
		return MessageTexts::estimate;
	}

}
