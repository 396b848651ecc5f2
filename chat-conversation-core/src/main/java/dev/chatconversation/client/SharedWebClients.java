package dev.chatconversation.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link WebClient}s of clients built with the default connection settings, one per
 * connect timeout, on the shared connection pool and event loops of
 * {@link ConnectionPools}: a client or conversation built per chat (the Python-style
 * constructor) then costs a few small objects, not a {@code WebClient}, connector and
 * HTTP client configuration of its own. Nothing in a shared {@code WebClient} belongs to
 * one client: keys and headers travel with each request ({@link Credentials}).
 *
 * <p>
 * At most {@link #CAPACITY} are kept, the least recently used dropped first; a dropped
 * one holds no resource of its own (the pool is shared), so it needs no closing and is
 * rebuilt when asked for again. The shared pool lives as long as the JVM.
 */
final class SharedWebClients {

	/** How many connect timeouts keep a {@code WebClient}. */
	static final int CAPACITY = 16;

	private static final Map<Key, WebClient> CLIENTS = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, WebClient> eldest) {
			return size() > CAPACITY;
		}

	};

	private SharedWebClients() {
	}

	/**
	 * The shared {@code WebClient} for a connect timeout.
	 * @param connectTimeout the connect timeout, or {@code null} for Netty's default
	 * @return the client
	 */
	static WebClient forConnectTimeout(@Nullable Duration connectTimeout) {
		Key key = new Key(connectTimeout);
		synchronized (CLIENTS) {
			return CLIENTS.computeIfAbsent(key, SharedWebClients::create);
		}
	}

	static int size() {
		synchronized (CLIENTS) {
			return CLIENTS.size();
		}
	}

	private static WebClient create(Key key) {
		HttpClient http = withConnectTimeout(HttpClient.create(ConnectionPools.shared()).runOn(ConnectionPools.loops()),
				key.connectTimeout());
		return WebClient.builder()
			.clientConnector(
					new ReactorClientHttpConnector(CallConnection.observe(http.doOnRequest(Credentials::beforeSend))))
			.build();
	}

	/**
	 * Applies a connect timeout to a Reactor Netty client.
	 * @param http the client
	 * @param connectTimeout the timeout, or {@code null} for none
	 * @return the client with the timeout
	 */
	static HttpClient withConnectTimeout(HttpClient http, @Nullable Duration connectTimeout) {
		return (connectTimeout != null)
				? http.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis()) : http;
	}

	private record Key(@Nullable Duration connectTimeout) {
	}

}
