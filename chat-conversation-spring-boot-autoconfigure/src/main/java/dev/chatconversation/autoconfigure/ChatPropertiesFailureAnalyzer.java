package dev.chatconversation.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports invalid {@code chat.*} properties at startup: which property, its value, what
 * is wrong and how to fix it.
 */
class ChatPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidChatPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidChatPropertiesException cause) {
		String value = (cause.value() != null) ? "'" + cause.value() + "'" : "(not set)";
		String description = String.format(
				"Invalid chat-conversation configuration:%n%n    Property: %s%n    Value: %s%n    Reason: %s",
				cause.property(), value, cause.reason());
		return new FailureAnalysis(description, cause.action(), cause);
	}

}
