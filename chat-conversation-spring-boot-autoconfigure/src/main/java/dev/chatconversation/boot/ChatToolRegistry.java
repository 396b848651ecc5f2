package dev.chatconversation.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.tool.ChatTool;
import org.jspecify.annotations.Nullable;

/**
 * The tools of the application, by name: the starter fills it with the
 * {@link ChatToolMethod} methods of the context's beans once every singleton exists.
 * Immutable and thread-safe.
 */
public final class ChatToolRegistry {

	private static final ChatToolRegistry EMPTY = new ChatToolRegistry(List.of());

	private final Map<String, ChatTool> tools;

	private ChatToolRegistry(List<ChatTool> tools) {
		Map<String, ChatTool> byName = new LinkedHashMap<>();
		for (ChatTool tool : tools) {
			if (byName.putIfAbsent(tool.name(), tool) != null) {
				throw new IllegalArgumentException("Two tools are named '" + tool.name() + "'");
			}
		}
		this.tools = byName;
	}

	/**
	 * A registry of tools.
	 * @param tools the tools, with distinct names
	 * @return the registry
	 * @throws IllegalArgumentException if two tools have the same name
	 */
	public static ChatToolRegistry of(List<ChatTool> tools) {
		return tools.isEmpty() ? EMPTY : new ChatToolRegistry(List.copyOf(tools));
	}

	/**
	 * The registry without tools.
	 * @return the empty registry
	 */
	public static ChatToolRegistry empty() {
		return EMPTY;
	}

	/**
	 * Every tool, in the order the beans were declared.
	 * @return the tools
	 */
	public List<ChatTool> all() {
		return List.copyOf(this.tools.values());
	}

	/**
	 * The tools with the given names, in that order.
	 * @param names the function names
	 * @return the tools
	 * @throws IllegalArgumentException if a name is not registered
	 */
	public List<ChatTool> named(String... names) {
		return named(List.of(names));
	}

	/**
	 * The tools with the given names, in that order.
	 * @param names the function names
	 * @return the tools
	 * @throws IllegalArgumentException if a name is not registered
	 */
	public List<ChatTool> named(List<String> names) {
		List<ChatTool> found = new ArrayList<>(names.size());
		for (String name : names) {
			ChatTool tool = this.tools.get(name);
			if (tool == null) {
				throw new IllegalArgumentException(
						"There is no chat tool named '" + name + "'; the tools are " + this.tools.keySet());
			}
			found.add(tool);
		}
		return List.copyOf(found);
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
	 * The names of the tools.
	 * @return the names, in order
	 */
	public List<String> names() {
		return List.copyOf(this.tools.keySet());
	}

}
