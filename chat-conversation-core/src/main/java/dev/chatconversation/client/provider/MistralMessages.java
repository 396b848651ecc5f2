package dev.chatconversation.client.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.message.UserMessage;
import tools.jackson.databind.JsonNode;

/**
 * Mistral's message shapes. Mistral validates messages strictly and answers an unknown
 * field with 422 {@code extra_forbidden} (mistralai/platform-docs-public#7): {@code name}
 * and {@code tool_calls} on user messages (Gage-Technologies/mistral-go#2), an
 * assistant's {@code reasoning_content} (charmbracelet/crush#1590), message
 * {@code metadata} (BerriAI/litellm#30882). So every message is reduced to the fields
 * Mistral's {@code ChatCompletionRequest} schema lists: system and user {@code role},
 * {@code content}; assistant {@code content}, {@code tool_calls} and {@code prefix}; tool
 * {@code content}, {@code tool_call_id} and {@code name}.
 */
final class MistralMessages {

	private static final Set<String> ASSISTANT_EXTRA = Set.of("prefix");

	private static final Set<String> TOOL_EXTRA = Set.of("name");

	private MistralMessages() {
	}

	static ChatCompletionRequest adapt(ChatCompletionRequest request) {
		return MessageRules.map(request, MistralMessages::reduce);
	}

	private static Message reduce(Message message) {
		if (message instanceof SystemMessage system) {
			return (system.name() == null && system.extra().isEmpty()) ? system
					: new SystemMessage(system.content(), null, Map.of());
		}
		if (message instanceof DeveloperMessage developer) {
			return new SystemMessage(developer.content(), null, Map.of());
		}
		if (message instanceof UserMessage user) {
			return (user.name() == null && user.extra().isEmpty()) ? user
					: new UserMessage(user.content(), null, Map.of());
		}
		if (message instanceof AssistantMessage assistant) {
			return reduce(assistant);
		}
		if (message instanceof ToolMessage tool) {
			return keepsOnly(tool.extra(), TOOL_EXTRA) ? tool
					: new ToolMessage(tool.content(), tool.toolCallId(), only(tool.extra(), TOOL_EXTRA));
		}
		return message;
	}

	private static AssistantMessage reduce(AssistantMessage assistant) {
		boolean plain = assistant.refusal() == null && assistant.name() == null && assistant.functionCall() == null
				&& assistant.audio() == null && assistant.reasoningContent() == null
				&& keepsOnly(assistant.extra(), ASSISTANT_EXTRA)
				&& assistant.toolCalls().stream().allMatch(MistralMessages::isPlain);
		if (plain) {
			return assistant;
		}
		return AssistantMessage.builder()
			.content(assistant.content())
			.toolCalls(assistant.toolCalls().stream().map(MistralMessages::reduce).toList())
			.finishReason(assistant.finishReason())
			.incomplete(assistant.incomplete())
			.extra(only(assistant.extra(), ASSISTANT_EXTRA))
			.build();
	}

	private static boolean isPlain(ToolCall call) {
		return call.extra().isEmpty() && (call.function() == null || call.function().extra().isEmpty());
	}

	private static ToolCall reduce(ToolCall call) {
		FunctionCall function = call.function();
		return new ToolCall(call.id(), call.type(),
				(function != null) ? FunctionCall.of(function.name(), function.arguments()) : null, Map.of());
	}

	private static boolean keepsOnly(Map<String, JsonNode> extra, Set<String> allowed) {
		return allowed.containsAll(extra.keySet());
	}

	private static Map<String, JsonNode> only(Map<String, JsonNode> extra, Set<String> allowed) {
		Map<String, JsonNode> kept = new LinkedHashMap<>(extra);
		kept.keySet().retainAll(allowed);
		return kept;
	}

}
