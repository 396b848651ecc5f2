package dev.chatconversation.boot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;

/**
 * Every configured connection by name: {@code default} for {@code chat.*} and the names
 * under {@code chat.connections}. Inject it to pick a connection at runtime.
 */
public final class ChatConnections {

	private final Map<String, ChatConversationFactory> factories;

	/**
	 * Creates a registry.
	 * @param factories the conversation factory of each connection, by name, in the order
	 * {@link #names()} gives them
	 */
	public ChatConnections(Map<String, ChatConversationFactory> factories) {
		this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
	}

	/**
	 * The names of the configured connections.
	 * @return the names, the default first when it is configured
	 */
	public Set<String> names() {
		return this.factories.keySet();
	}

	/**
	 * The conversation factory of a connection.
	 * @param name the connection name
	 * @return the factory
	 * @throws IllegalArgumentException if no connection has that name (the message lists
	 * the names that exist)
	 */
	public ChatConversationFactory conversations(String name) {
		ChatConversationFactory factory = this.factories.get(name);
		if (factory == null) {
			throw new IllegalArgumentException(
					"No chat connection named '" + name + "'; configured connections: " + names());
		}
		return factory;
	}

	/**
	 * The client of a connection.
	 * @param name the connection name
	 * @return the client
	 * @throws IllegalArgumentException if no connection has that name
	 */
	public ChatCompletionsClient client(String name) {
		return conversations(name).client();
	}

	/**
	 * A new conversation on a connection.
	 * @param name the connection name
	 * @return the conversation
	 * @throws IllegalArgumentException if no connection has that name
	 */
	public ChatCompletionsConversation newConversation(String name) {
		return conversations(name).newConversation();
	}

}
