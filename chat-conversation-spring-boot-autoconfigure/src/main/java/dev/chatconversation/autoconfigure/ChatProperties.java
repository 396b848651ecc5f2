package dev.chatconversation.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of chat-conversation, bound to {@code chat.*}: the default
 * connection, plus named connections under {@code chat.connections.<name>.*}.
 *
 * <p>
 * When named connections or fallback models are configured, the default
 * {@code ChatCompletionsClient} routes by model: a model written {@code <name>/<model>}
 * goes to the connection of that name (or to the only connection whose provider has that
 * name), and the fallback models are tried in order when a model fails before answering.
 */
@ConfigurationProperties("chat")
public class ChatProperties extends ChatConnectionProperties {

	/**
	 * Named connections to other servers or models, each with the same keys as chat.*;
	 * unset keys are taken from chat.*, and a model written name/model is sent to the
	 * connection of that name.
	 */
	private final Map<String, ChatConnectionProperties> connections = new LinkedHashMap<>();

	/**
	 * Models tried in order when the default connection's model fails before answering
	 * with a transient error, a 404 or a timeout, each written as model or as
	 * connection/model.
	 */
	private List<String> fallbackModels = new ArrayList<>();

	public Map<String, ChatConnectionProperties> getConnections() {
		return this.connections;
	}

	public List<String> getFallbackModels() {
		return this.fallbackModels;
	}

	public void setFallbackModels(List<String> fallbackModels) {
		this.fallbackModels = fallbackModels;
	}

}
