package dev.chatconversation.client;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.Fixtures;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests, response bodies and stream events for the client tests.
 */
final class Payloads {

	static final String DONE = "data: [DONE]\n\n";

	private static final JsonMapper JSON = JsonMapper.shared();

	private Payloads() {
	}

	static ChatCompletionRequest request() {
		return ChatCompletionRequest.builder().model("gpt-4o-mini").message(Message.user("Say hello")).build();
	}

	/** A non-streaming completion whose reply is {@code content}. */
	static String completion(String content) {
		return FakeChatServer.completion(content);
	}

	/** One SSE event carrying a content delta. */
	static String chunk(String content) {
		return "data: " + chunkJson(content, null) + "\n\n";
	}

	/** One SSE event carrying the finish reason {@code stop}. */
	static String finish() {
		return "data: " + chunkJson("", "stop") + "\n\n";
	}

	static String chunkJson(String content, String finishReason) {
		return """
				{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-mini",\
				"choices":[{"index":0,"delta":{"content":%s},"finish_reason":%s}]}""".formatted(quote(content),
				(finishReason != null) ? quote(finishReason) : "null");
	}

	/** A fixture from {@code src/test/resources/fixtures}. */
	static String fixture(String path) {
		return Fixtures.fixture(path);
	}

	static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

	/** {@code count} characters of filler text. */
	static String filler(int count) {
		return "x".repeat(count);
	}

}
