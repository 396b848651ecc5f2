package dev.chatconversation.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of chat-conversation, bound to {@code chat.*}: the default
 * connection, plus named connections under {@code chat.connections.<name>.*}.
 */
@ConfigurationProperties("chat")
public class ChatProperties extends ChatConnectionProperties {

	/**
	 * Named connections to other servers or models, each with the same keys as chat.*;
	 * unset keys are taken from chat.*.
	 */
	private final Map<String, ChatConnectionProperties> connections = new LinkedHashMap<>();

	public Map<String, ChatConnectionProperties> getConnections() {
		return this.connections;
	}

}
