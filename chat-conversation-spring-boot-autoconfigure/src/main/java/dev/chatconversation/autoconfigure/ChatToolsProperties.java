package dev.chatconversation.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the tools declared with {@link dev.chatconversation.boot.ChatToolMethod},
 * bound to {@code chat.tools.*}.
 */
@ConfigurationProperties("chat.tools")
public class ChatToolsProperties {

	/**
	 * Whether every conversation the factories make gets all the tools declared with
	 * '@ChatToolMethod'; when false, conversations get only the tools named with
	 * 'newConversationWithTools'.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
