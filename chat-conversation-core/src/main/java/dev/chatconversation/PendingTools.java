package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A reply that asked for tools, and the results that have arrived so far, each in the
 * position of its call. Guarded by the turn that owns it.
 */
final class PendingTools {

	private final AssistantMessage reply;

	private final List<ToolCall> calls;

	private final boolean legacy;

	private final @Nullable Message[] results;

	PendingTools(AssistantMessage reply, List<ToolCall> calls, boolean legacy) {
		this.reply = reply;
		this.calls = List.copyOf(calls);
		this.legacy = legacy;
		this.results = new Message[calls.size()];
	}

	void answer(ToolCall call, Message result) {
		for (int i = 0; i < this.calls.size(); i++) {
			// by identity: providers may repeat or leave out call ids
			if (this.calls.get(i) == call && this.results[i] == null) {
				this.results[i] = result;
				return;
			}
		}
	}

	/**
	 * The reply and one result per call, in the calls' order; a call without a result is
	 * answered with an error that gives the reason, so that no call is left unanswered.
	 */
	List<Message> messages(String reasonIfMissing) {
		List<Message> messages = new ArrayList<>(this.calls.size() + 1);
		messages.add(this.reply);
		for (int i = 0; i < this.calls.size(); i++) {
			Message result = this.results[i];
			messages.add((result != null) ? result : notRun(this.calls.get(i), reasonIfMissing));
		}
		return messages;
	}

	private Message notRun(ToolCall call, String reason) {
		String error = JsonNodeFactory.instance.objectNode().put("error", reason).toString();
		if (this.legacy) {
			String name = (call.function() != null) ? call.function().name() : call.type();
			return new FunctionMessage(name, error, Map.of());
		}
		return new ToolMessage(Content.of(error), call.id(), Map.of());
	}

}
