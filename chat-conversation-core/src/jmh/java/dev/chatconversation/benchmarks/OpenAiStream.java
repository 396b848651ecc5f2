package dev.chatconversation.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Pre-encoded server-sent events shaped like OpenAI's {@code chat.completion.chunk}
 * stream with {@code stream_options.include_usage}: a role chunk, content chunks carrying
 * {@code obfuscation} padding, a finish chunk, a usage chunk with no choices, then
 * {@code [DONE]}. The same bytes feed the JMH benchmarks and the fake server.
 *
 * <p>
 * A stream of {@code n} chunks has {@code n - 3} content (or tool-call argument) chunks,
 * so {@code n + 1} {@code data:} lines with {@code [DONE]}.
 */
public final class OpenAiStream {

	/** Chunks that are not content: role, finish and usage. */
	public static final int FRAMING_CHUNKS = 3;

	private static final String ID = "chatcmpl-C9sYqH2vXbLwR7tF0kPmZ4nJ8uE1a";

	private static final String HEAD = "{\"id\":\"" + ID
			+ "\",\"object\":\"chat.completion.chunk\",\"created\":1756318460,\"model\":\"gpt-4o-mini-2024-07-18\","
			+ "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_560af6e559\",\"choices\":[";

	private static final String[] WORDS = { " The", " stream", " arrives", " in", " small", " pieces", ",", " each",
			" one", " a", " token", " or", " two", " long", ".", " Café", " naïve", " résumé", " 数据", " 流", " 🚀",
			" \"quoted\"", "\n\n", " -", " item", ":", " latency", " matters", " when", " users", " read", " along",
			" as", " the", " model", " writes", ";", " every", " microsecond", " spent", " parsing", " is", " a",
			" microsecond", " not", " spent", " elsewhere", ".\n", " Tabs\t", " and", " back\\slashes", " survive",
			" too", "!", " Ok", " so", " let", "'s", " continue", " with", " more", " words", " here", " now", " and",
			" then", " some", " more", ".", "\n" };

	/**
	 * How many distinct content chunks there are: content chunk {@code i} is the same as
	 * content chunk {@code i % PIECES}, so a server can send blocks of pre-encoded
	 * chunks.
	 */
	public static final int PIECES = WORDS.length;

	private static final String[] ARGUMENTS = { "{\"", "city", "\":\"", "Par", "is", "\",\"", "unit", "\":\"", "cel",
			"sius", "\",\"", "days", "\":", "3", "}" };

	private static final String OBFUSCATION_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private OpenAiStream() {
	}

	/**
	 * The content text of piece {@code i}.
	 * @param i the content chunk index
	 * @return the text
	 */
	public static String piece(int i) {
		return WORDS[i % PIECES];
	}

	/**
	 * The length in characters of the reply text of an {@code n}-chunk text stream.
	 * @param chunks the total chunk count
	 * @return the text length
	 */
	public static long textLength(int chunks) {
		long length = 0;
		for (int i = 0; i < chunks - FRAMING_CHUNKS; i++) {
			length += piece(i).length();
		}
		return length;
	}

	/**
	 * The role chunk that opens a text reply.
	 * @return the event bytes
	 */
	public static byte[] roleEvent() {
		return event("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
				+ "\"logprobs\":null,\"finish_reason\":null}", 0);
	}

	/**
	 * Content chunk {@code i}.
	 * @param i the content chunk index
	 * @return the event bytes
	 */
	public static byte[] contentEvent(int i) {
		return event("{\"index\":0,\"delta\":{\"content\":" + quote(piece(i))
				+ "},\"logprobs\":null,\"finish_reason\":null}", (i % PIECES) + 1);
	}

	/**
	 * The chunk that carries the finish reason.
	 * @param reason the finish reason
	 * @return the event bytes
	 */
	public static byte[] finishEvent(String reason) {
		return event("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + reason + "\"}", 7);
	}

	/**
	 * The last chunk, with usage and no choices.
	 * @return the event bytes
	 */
	public static byte[] usageEvent() {
		String json = HEAD + "],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":1000,\"total_tokens\":1019,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
				+ "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
				+ "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"obfuscation\":\"q3\"}";
		return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The {@code [DONE]} event.
	 * @return the event bytes
	 */
	public static byte[] doneEvent() {
		return "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A whole text reply of {@code chunks} chunks, {@code [DONE]} included.
	 * @param chunks the chunk count, at least 3
	 * @return the body
	 */
	public static byte[] textStream(int chunks) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 300);
		out.writeBytes(roleEvent());
		for (int i = 0; i < chunks - FRAMING_CHUNKS; i++) {
			out.writeBytes(contentEvent(i));
		}
		out.writeBytes(finishEvent("stop"));
		out.writeBytes(usageEvent());
		out.writeBytes(doneEvent());
		return out.toByteArray();
	}

	/**
	 * A whole tool-call reply of {@code chunks} chunks: a new call (id, name) every 15
	 * argument pieces, as parallel tool calls stream.
	 * @param chunks the chunk count, at least 3
	 * @return the body
	 */
	public static byte[] toolCallStream(int chunks) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 300);
		out.writeBytes(event("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null},"
				+ "\"logprobs\":null,\"finish_reason\":null}", 0));
		for (int i = 0; i < chunks - FRAMING_CHUNKS; i++) {
			int call = i / ARGUMENTS.length;
			int piece = i % ARGUMENTS.length;
			String function = (piece == 0)
					? "\"id\":\"call_" + call + "Xk2QbV9mT\",\"type\":\"function\","
							+ "\"function\":{\"name\":\"get_weather\",\"arguments\":" + quote(ARGUMENTS[piece]) + "}"
					: "\"function\":{\"arguments\":" + quote(ARGUMENTS[piece]) + "}";
			out.writeBytes(event("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + call + "," + function
					+ "}]},\"logprobs\":null,\"finish_reason\":null}", i + 1));
		}
		out.writeBytes(finishEvent("tool_calls"));
		out.writeBytes(usageEvent());
		out.writeBytes(doneEvent());
		return out.toByteArray();
	}

	private static byte[] event(String choice, int seed) {
		String json = HEAD + choice + "],\"usage\":null,\"obfuscation\":\"" + obfuscation(seed) + "\"}";
		return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	/** Padding of varying length, as OpenAI adds to hide token lengths. */
	private static String obfuscation(int seed) {
		int length = 1 + Math.floorMod(seed * 7919, 15);
		StringBuilder padding = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			padding
				.append(OBFUSCATION_ALPHABET.charAt(Math.floorMod(seed * 31 + i * 17, OBFUSCATION_ALPHABET.length())));
		}
		return padding.toString();
	}

	private static String quote(String text) {
		StringBuilder json = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\t' -> json.append("\\t");
				default -> json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
