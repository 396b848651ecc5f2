package dev.chatconversation.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the observations of chat-conversation, bound to
 * {@code chat.observations.*}.
 */
@ConfigurationProperties("chat.observations")
public class ChatObservationProperties {

	/**
	 * Whether to put message content (the prompt and the reply) on chat client
	 * observations as high-cardinality values, where tracing exports it; content is
	 * personal data, so it is left out by default.
	 */
	private boolean includeContent = false;

	public boolean isIncludeContent() {
		return this.includeContent;
	}

	public void setIncludeContent(boolean includeContent) {
		this.includeContent = includeContent;
	}

}
