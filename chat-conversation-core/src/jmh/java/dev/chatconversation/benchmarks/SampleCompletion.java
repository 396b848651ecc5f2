package dev.chatconversation.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * A non-streaming {@code chat.completion} body of about 2 KB, shaped like OpenAI's.
 */
final class SampleCompletion {

	/** The reply text's length in characters, give or take a word. */
	static final int TEXT_LENGTH = 1500;

	private SampleCompletion() {
	}

	static byte[] json() {
		StringBuilder text = new StringBuilder(TEXT_LENGTH);
		int piece = 0;
		while (text.length() < TEXT_LENGTH) {
			text.append(OpenAiStream.piece(piece++)
				.replace("\\", "")
				.replace("\"", "")
				.replace("\n", " ")
				.replace("\t", " "));
		}
		String json = "{\"id\":\"chatcmpl-C9sYqH2vXbLwR7tF0kPmZ4nJ8uE1b\",\"object\":\"chat.completion\","
				+ "\"created\":1756318460,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
				+ "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\",\"refusal\":null,"
				+ "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,"
				+ "\"completion_tokens\":312,\"total_tokens\":331,\"prompt_tokens_details\":{\"cached_tokens\":0,"
				+ "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
				+ "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
				+ "\"system_fingerprint\":\"fp_560af6e559\"}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
