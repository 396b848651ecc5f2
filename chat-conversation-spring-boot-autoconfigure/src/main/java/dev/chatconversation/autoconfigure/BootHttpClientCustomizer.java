package dev.chatconversation.autoconfigure;

import java.util.function.Function;

import dev.chatconversation.autoconfigure.ChatConnectionProperties.Proxy;
import dev.chatconversation.boot.ChatCompletionsClientCustomizer;
import dev.chatconversation.client.ChatCompletionsClient;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.ProxyProvider;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Builds each client's connector through Spring Boot's reactive
 * {@link ClientHttpConnectorBuilder}, so that {@code spring.http.clients.*} (connect
 * timeout, redirects, SSL bundle), the application's
 * {@code ClientHttpConnectorBuilderCustomizer}s and the connection's own
 * {@code chat.ssl.bundle} and {@code chat.proxy.*} apply, while requests keep the
 * client's connection pool, event loops and credentials.
 *
 * <p>
 * Spring Boot's read timeout is left out: it would cut a reasoning model's long silence
 * before its first token, which {@code chat.timeouts.*} limit instead. Responses are not
 * asked for compressed, so that no compressor holds stream events back. It runs first, so
 * the application's {@link ChatCompletionsClientCustomizer}s can still replace the
 * connector.
 */
final class BootHttpClientCustomizer implements ChatCompletionsClientCustomizer, Ordered {

	private final ChatProperties properties;

	private final ReactorClientHttpConnectorBuilder connectorBuilder;

	private final HttpClientSettings settings;

	private final @Nullable SslBundles sslBundles;

	BootHttpClientCustomizer(ChatProperties properties, @Nullable ClientHttpConnectorBuilder<?> connectorBuilder,
			HttpClientSettings settings, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.connectorBuilder = (connectorBuilder instanceof ReactorClientHttpConnectorBuilder reactor) ? reactor
				: ClientHttpConnectorBuilder.reactor();
		this.settings = settings;
		this.sslBundles = sslBundles;
	}

	@Override
	public void customize(String connectionName, ChatCompletionsClient.Builder builder) {
		builder.clientConnector(connector(ConnectionTransport.of(this.properties, connectionName)));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private Function<HttpClient, ClientHttpConnector> connector(ConnectionTransport transport) {
		HttpClientSettings settings = settings(transport);
		return (pooled) -> {
			LoopResources loops = pooled.configuration().loopResources();
			return this.connectorBuilder.withHttpClientFactory(() -> pooled)
				.withHttpClientCustomizer((http) -> finish(http, loops, transport.proxy()))
				.build(settings);
		};
	}

	private HttpClientSettings settings(ConnectionTransport transport) {
		HttpClientSettings settings = this.settings.withReadTimeout(null);
		if (transport.connectTimeout() != null) {
			settings = settings
				.withConnectTimeout(transport.connectTimeout().isZero() ? null : transport.connectTimeout());
		}
		if (transport.sslBundle() != null) {
			if (this.sslBundles == null) {
				throw new IllegalStateException("chat.ssl.bundle is set to '" + transport.sslBundle()
						+ "' but the application has no SSL bundles (spring.ssl.bundle.*)");
			}
			settings = settings.withSslBundle(this.sslBundles.getBundle(transport.sslBundle()));
		}
		return settings;
	}

	/**
	 * Puts the client back on its own event loops, which Spring Boot's resource factory
	 * customizer replaces with the global ones it disposes of when a context closes, and
	 * adds the proxy.
	 */
	private static HttpClient finish(HttpClient http, @Nullable LoopResources loops, @Nullable Proxy proxy) {
		HttpClient finished = http.compress(false);
		if (loops != null) {
			finished = finished.runOn(loops);
		}
		if (proxy == null || proxy.host() == null) {
			return finished;
		}
		return finished.proxy((spec) -> {
			ProxyProvider.Builder address = spec.type(ProxyProvider.Proxy.HTTP)
				.host(proxy.host())
				.port((proxy.port() != null) ? proxy.port() : 80);
			if (proxy.username() != null) {
				address.username(proxy.username()).password((user) -> proxy.password());
			}
			if (proxy.nonProxyHosts() != null) {
				address.nonProxyHosts(proxy.nonProxyHosts());
			}
		});
	}

}
