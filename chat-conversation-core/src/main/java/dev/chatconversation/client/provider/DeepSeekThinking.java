package dev.chatconversation.client.provider;

import java.util.Locale;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.AssistantMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * DeepSeek's thinking mode with tools: every assistant message with tool calls must carry
 * {@code reasoning_content}, or the API answers 400 "Missing `reasoning_content` field in
 * the assistant message" (api-docs.deepseek.com/guides/thinking_mode#tool-calls,
 * langchain-ai/langchain#37713, abhigyanpatwari/GitNexus#43), even when it is empty
 * (vercel/ai#13203).
 *
 * <p>
 * The history already sends a recorded {@code reasoning_content} back on tool-call
 * messages only, and never on plain replies, which {@code deepseek-reasoner} (R1) refused
 * (vercel/ai#14740). This rule fills the gap left by tool-call messages without recorded
 * reasoning (written by hand, or answered by a non-thinking model) with an empty string,
 * when the request uses thinking mode: {@code deepseek-reasoner}, a {@code deepseek-v4}
 * model (thinking on by default) or {@code thinking: {"type": "enabled"}} in
 * {@code extraBody}; {@code "disabled"} turns it off.
 */
final class DeepSeekThinking {

	private DeepSeekThinking() {
	}

	static ChatCompletionRequest adapt(ChatCompletionRequest request) {
		if (!isThinking(request)) {
			return request;
		}
		return MessageRules.map(request,
				(message) -> (message instanceof AssistantMessage assistant && assistant.hasToolCalls()
						&& assistant.reasoningContent() == null) ? assistant.mutate().reasoningContent("").build()
								: message);
	}

	static boolean isThinking(ChatCompletionRequest request) {
		String type = thinkingType(request.extraBody().get("thinking"));
		if (type != null) {
			return type.equals("enabled");
		}
		String model = (request.model() != null) ? request.model().toLowerCase(Locale.ROOT) : "";
		return model.equals("deepseek-reasoner") || model.startsWith("deepseek-v4");
	}

	private static @Nullable String thinkingType(@Nullable JsonNode thinking) {
		if (thinking == null || !thinking.path("type").isString()) {
			return null;
		}
		return thinking.path("type").stringValue();
	}

}
