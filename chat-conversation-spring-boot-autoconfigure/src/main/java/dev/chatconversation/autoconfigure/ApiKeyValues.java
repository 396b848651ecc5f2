package dev.chatconversation.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an API key property that was never resolved from going out as a key. Spring
 * leaves a placeholder it cannot resolve as it is, so
 * {@code chat.api-key=${OPENAI_API_KEY}} with the variable unset binds the text
 * {@code ${OPENAI_API_KEY}}: such a value is treated as no key, with one warning per
 * property naming the property and the placeholder (never more of the value). A blank
 * value also means no key, on purpose (a local server that needs none).
 */
final class ApiKeyValues {

	private static final Log logger = LogFactory.getLog(ChatAutoConfiguration.class);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)");

	private ApiKeyValues() {
	}

	/**
	 * The key to send for a bound value.
	 * @param value the bound value
	 * @return the value, {@code ""} (no key) when it holds an unresolved placeholder, or
	 * {@code null} when unset
	 */
	static @Nullable String sendable(@Nullable String value) {
		return (value != null && PLACEHOLDER.matcher(value).find()) ? "" : value;
	}

	/**
	 * Logs one warning for each of {@code chat.api-key} and
	 * {@code chat.connections.<name>.api-key} that holds an unresolved placeholder.
	 * @param properties the bound properties
	 */
	static void warnUnresolved(ChatProperties properties) {
		warnIfUnresolved("chat.api-key", properties.getApiKey());
		properties.getConnections()
			.forEach((name, connection) -> warnIfUnresolved("chat.connections." + name + ".api-key",
					connection.getApiKey()));
	}

	private static void warnIfUnresolved(String property, @Nullable String value) {
		if (value == null) {
			return;
		}
		Matcher placeholder = PLACEHOLDER.matcher(value);
		if (placeholder.find()) {
			String name = placeholder.group(1);
			logger.warn(property + " holds the unresolved placeholder ${" + name + "}, so no API key is sent. Set "
					+ name + " in the environment, or write " + property + "=${" + name
					+ ":} to send no key without this warning.");
		}
	}

}
