package dev.chatconversation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import org.jspecify.annotations.Nullable;

/**
 * Finds tool calls of the last assistant message that asked for tools which no later
 * {@code tool} message answers, since the API refuses a history with such a call.
 */
final class ToolCallPairs {

	private ToolCallPairs() {
	}

	static @Nullable ToolCall firstUnanswered(List<Message> messages) {
		for (int i = messages.size() - 1; i >= 0; i--) {
			if (messages.get(i) instanceof AssistantMessage reply && reply.hasToolCalls()) {
				return firstUnanswered(reply, messages.subList(i + 1, messages.size()));
			}
		}
		return null;
	}

	private static @Nullable ToolCall firstUnanswered(AssistantMessage reply, List<Message> after) {
		Set<String> answered = new HashSet<>();
		boolean functionAnswered = false;
		for (Message message : after) {
			if (message instanceof ToolMessage result) {
				answered.add(result.toolCallId());
			}
			functionAnswered |= message instanceof FunctionMessage;
		}
		if (reply.functionCall() != null && !functionAnswered) {
			return new ToolCall("", "function", reply.functionCall(), java.util.Map.of());
		}
		for (ToolCall call : reply.toolCalls()) {
			if (!answered.contains(call.id())) {
				return call;
			}
		}
		return null;
	}

}
