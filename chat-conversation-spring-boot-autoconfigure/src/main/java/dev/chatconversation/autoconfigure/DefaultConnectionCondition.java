package dev.chatconversation.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when the default connection is configured: {@code chat.base-url} is set, or
 * {@code chat.provider} names a provider whose profile supplies the base URL.
 */
class DefaultConnectionCondition extends AnyNestedCondition {

	DefaultConnectionCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty(prefix = "chat", name = "base-url")
	static class BaseUrl {

	}

	@ConditionalOnProperty(prefix = "chat", name = "provider")
	static class Provider {

	}

}
