package dev.chatconversation.benchmarks.endpoint;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The model client of the apps without the library: Boot's {@code WebClient.Builder} on a
 * pool as large as the library's default.
 */
public final class ModelClients {

	private ModelClients() {
	}

	/**
	 * A {@code WebClient} for the fake model server.
	 * @param webClient the app's builder
	 * @param modelUrl the model server's base URL
	 * @param poolName the connection pool's name
	 * @return the client, with the benchmark's key
	 */
	public static WebClient create(WebClient.Builder webClient, String modelUrl, String poolName) {
		// as many connections as the library's client allows by default (Reactor Netty's
		// own default is 16), so that the floor is not a pool limit
		ConnectionProvider pool = ConnectionProvider.builder(poolName)
			.maxConnections(10_000)
			.pendingAcquireMaxCount(-1)
			.build();
		return webClient.clone()
			.baseUrl(modelUrl)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
			.defaultHeaders((headers) -> headers.setBearerAuth("sk-bench"))
			.build();
	}

}
