package dev.chatconversation.client.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Merges tool-call pieces into whole calls, keyed by index but tolerant of the providers
 * that bend the rule (see {@link ChatCompletionAccumulator}).
 */
final class ToolCallAccumulator {

	private final List<Slot> slots = new ArrayList<>(2);

	private final Map<Integer, Slot> byIndex = new HashMap<>(4);

	void add(List<ToolCallDelta> deltas) {
		for (ToolCallDelta delta : deltas) {
			slotFor(delta).add(delta);
		}
	}

	boolean isEmpty() {
		return this.slots.isEmpty();
	}

	List<ToolCall> toToolCalls() {
		List<ToolCall> calls = new ArrayList<>(this.slots.size());
		for (int i = 0; i < this.slots.size(); i++) {
			calls.add(this.slots.get(i).toToolCall(i));
		}
		return calls;
	}

	private Slot slotFor(ToolCallDelta delta) {
		String id = delta.id();
		boolean hasId = id != null && !id.isEmpty();
		Integer index = delta.index();
		if (index != null) {
			Slot slot = this.byIndex.get(index);
			if (slot == null || hasId && slot.startsAnotherCall(id)) {
				slot = newSlot();
				this.byIndex.put(index, slot);
			}
			return slot;
		}
		Slot latest = this.slots.isEmpty() ? null : this.slots.get(this.slots.size() - 1);
		if (latest == null || hasId && latest.startsAnotherCall(id)) {
			return newSlot();
		}
		return latest;
	}

	private Slot newSlot() {
		Slot slot = new Slot();
		this.slots.add(slot);
		return slot;
	}

	/**
	 * One call being assembled.
	 */
	private static final class Slot {

		private @Nullable String id;

		private @Nullable String type;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		private @Nullable Map<String, JsonNode> extra;

		private @Nullable Map<String, JsonNode> functionExtra;

		boolean startsAnotherCall(String otherId) {
			return this.id != null && !this.id.isEmpty() && !this.id.equals(otherId);
		}

		void add(ToolCallDelta delta) {
			if (isEmpty(this.id) && !isEmpty(delta.id())) {
				this.id = delta.id();
			}
			if (isEmpty(this.type) && !isEmpty(delta.type())) {
				this.type = delta.type();
			}
			if (delta.function() != null) {
				if (isEmpty(this.name) && !isEmpty(delta.function().name())) {
					this.name = delta.function().name();
				}
				if (delta.function().arguments() != null) {
					this.arguments.append(delta.function().arguments());
				}
				this.functionExtra = merge(this.functionExtra, delta.function().extra());
			}
			this.extra = merge(this.extra, delta.extra());
		}

		ToolCall toToolCall(int position) {
			String callId = isEmpty(this.id) ? "call_" + position : this.id;
			String args = this.arguments.isEmpty() ? "{}" : this.arguments.toString();
			FunctionCall function = new FunctionCall((this.name != null) ? this.name : "", args,
					(this.functionExtra != null) ? this.functionExtra : Map.of());
			return new ToolCall(callId, isEmpty(this.type) ? "function" : this.type, function,
					(this.extra != null) ? this.extra : Map.of());
		}

		private static @Nullable Map<String, JsonNode> merge(@Nullable Map<String, JsonNode> target,
				Map<String, JsonNode> added) {
			if (added.isEmpty()) {
				return target;
			}
			Map<String, JsonNode> merged = (target != null) ? target : new LinkedHashMap<>();
			merged.putAll(added);
			return merged;
		}

		private static boolean isEmpty(@Nullable String text) {
			return text == null || text.isEmpty();
		}

	}

}
