package dev.chatconversation.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when {@code chat.*} properties cannot make a working connection; the
 * {@link ChatPropertiesFailureAnalyzer} turns it into a clear report.
 */
public class InvalidChatPropertiesException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	InvalidChatPropertiesException(String property, @Nullable String value, String reason, String action) {
		super("Invalid chat configuration: " + property + ((value != null) ? " = '" + value + "'" : " is not set")
				+ ": " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * The property at fault, such as {@code chat.connections.local.model}.
	 * @return the property name
	 */
	public String property() {
		return this.property;
	}

	/**
	 * The offending value.
	 * @return the value, or {@code null} when the property is missing
	 */
	public @Nullable String value() {
		return this.value;
	}

	/**
	 * What is wrong.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * What to do about it.
	 * @return the suggested action
	 */
	public String action() {
		return this.action;
	}

}
