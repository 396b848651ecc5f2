package dev.chatconversation.autoconfigure;

import java.time.Duration;

import dev.chatconversation.autoconfigure.ChatConnectionProperties.Proxy;
import dev.chatconversation.autoconfigure.ChatConnectionProperties.Ssl;
import dev.chatconversation.autoconfigure.ChatConnectionProperties.Timeouts;
import dev.chatconversation.boot.ChatConnectionSettings;
import org.jspecify.annotations.Nullable;

/**
 * The network settings of one connection that Spring Boot's HTTP client settings do not
 * know about or that override them. A named connection takes the proxy and connect
 * timeout it leaves unset from {@code chat.*}, and the SSL bundle only when it talks to
 * the same provider, since a bundle trusts one server's CA.
 *
 * @param sslBundle the name of the SSL bundle, if any
 * @param proxy the HTTP proxy, if any
 * @param connectTimeout the connect timeout set by {@code chat.*} properties (zero for no
 * limit), or {@code null} to leave Spring Boot's or the client's
 */
record ConnectionTransport(@Nullable String sslBundle, @Nullable Proxy proxy, @Nullable Duration connectTimeout) {

	static ConnectionTransport of(ChatProperties properties, String connection) {
		ChatConnectionProperties own = properties.getConnections().get(connection);
		if (connection.equals(ChatConnectionSettings.DEFAULT) || own == null) {
			return new ConnectionTransport(sslBundle(properties), properties.getProxy(), connectTimeout(properties));
		}
		String sslBundle = sslBundle(own);
		if (sslBundle == null && ConnectionProviders.sameProvider(own, properties)) {
			sslBundle = sslBundle(properties);
		}
		Proxy proxy = (own.getProxy() != null && own.getProxy().host() != null) ? own.getProxy()
				: properties.getProxy();
		Duration connectTimeout = connectTimeout(own);
		return new ConnectionTransport(sslBundle, proxy,
				(connectTimeout != null) ? connectTimeout : connectTimeout(properties));
	}

	private static @Nullable String sslBundle(ChatConnectionProperties properties) {
		Ssl ssl = properties.getSsl();
		return (ssl != null && ssl.bundle() != null && !ssl.bundle().isBlank()) ? ssl.bundle().strip() : null;
	}

	private static @Nullable Duration connectTimeout(ChatConnectionProperties properties) {
		Timeouts timeouts = properties.getTimeouts();
		return (timeouts != null) ? timeouts.connect() : null;
	}

}
