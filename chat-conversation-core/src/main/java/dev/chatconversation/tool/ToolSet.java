package dev.chatconversation.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.FunctionDefinition;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.message.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The tools of a conversation, by name, and the execution of the calls of one model
 * reply. Immutable and thread-safe.
 */
public final class ToolSet {

	private static final ToolSet EMPTY = new ToolSet(List.of());

	private final Map<String, ChatTool> tools;

	private ToolSet(List<ChatTool> tools) {
		Map<String, ChatTool> byName = new LinkedHashMap<>();
		for (ChatTool tool : tools) {
			if (byName.putIfAbsent(tool.name(), tool) != null) {
				throw new IllegalArgumentException("Two tools are named '" + tool.name() + "'");
			}
		}
		this.tools = byName;
	}

	/**
	 * A set of tools.
	 * @param tools the tools, with distinct names
	 * @return the set
	 * @throws IllegalArgumentException if two tools have the same name
	 */
	public static ToolSet of(List<ChatTool> tools) {
		return tools.isEmpty() ? EMPTY : new ToolSet(List.copyOf(tools));
	}

	/**
	 * A set of tools.
	 * @param tools the tools, with distinct names
	 * @return the set
	 */
	public static ToolSet of(ChatTool... tools) {
		return of(List.of(tools));
	}

	/**
	 * The empty set.
	 * @return the set without tools
	 */
	public static ToolSet empty() {
		return EMPTY;
	}

	/**
	 * Whether the set has no tools.
	 * @return {@code true} if empty
	 */
	public boolean isEmpty() {
		return this.tools.isEmpty();
	}

	/**
	 * The tools, in the order they were given.
	 * @return the tools
	 */
	public List<ChatTool> tools() {
		return List.copyOf(this.tools.values());
	}

	/**
	 * The tool with a name.
	 * @param name the function name
	 * @return the tool, or {@code null} if there is none
	 */
	public @Nullable ChatTool find(String name) {
		return this.tools.get(name);
	}

	/**
	 * The tools as a request's {@code tools} list.
	 * @return the wire tools
	 */
	public List<Tool> wireTools() {
		return this.tools.values().stream().map(ChatTool::tool).toList();
	}

	/**
	 * The tools as a legacy request's {@code functions} list.
	 * @return the function definitions
	 */
	public List<FunctionDefinition> functionDefinitions() {
		return this.tools.values().stream().map(ChatTool::definition).toList();
	}

	/**
	 * Answers the calls of one model reply.
	 *
	 * <p>
	 * On subscription the arguments of every call are read first: if any does not match
	 * its tool's parameters, the {@code Flux} fails with a {@link ToolArgumentsException}
	 * and no tool runs. Then all tools run at once, each on a bounded elastic thread, and
	 * each result is emitted as soon as its tool returns, so the order may differ from
	 * the calls'. A call to a tool that does not exist, or of a type other than
	 * {@code function}, gets an error result the model can read. Cancelling stops waiting
	 * for the tools still running.
	 * @param calls the calls
	 * @return one result per call
	 */
	public Flux<ToolResult> execute(List<ToolCall> calls) {
		List<ToolCall> copy = List.copyOf(calls);
		return Flux.defer(() -> {
			List<PreparedCall> prepared = new ArrayList<>(copy.size());
			for (ToolCall call : copy) {
				prepared.add(prepare(call));
			}
			return Flux.fromIterable(prepared).flatMap(PreparedCall::run);
		});
	}

	private PreparedCall prepare(ToolCall call) {
		if (call.function() == null) {
			return PreparedCall.failing(call, "Tool calls of type '" + call.type() + "' are not supported");
		}
		ChatTool tool = this.tools.get(call.function().name());
		if (tool == null) {
			return PreparedCall.failing(call,
					"There is no tool named '" + call.function().name() + "'; the tools are " + this.tools.keySet());
		}
		return tool.prepare(call);
	}

}
