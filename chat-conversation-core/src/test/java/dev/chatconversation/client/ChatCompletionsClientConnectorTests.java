package dev.chatconversation.client;

import dev.chatconversation.testfixture.FakeChatServer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the {@code clientConnector} hook: the connector is made from the client's own
 * Reactor Netty client, with its pool, event loops and credentials.
 */
class ChatCompletionsClientConnectorTests {

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final List<HttpClient> given = new ArrayList<>();

	@Test
	void whenAClientConnectorIsSetThenItIsMadeFromTheClientsPooledHttpClientWithItsCredentials() {
		this.server.reply(FakeChatServer.json(200, Payloads.completion("ok")));
		ChatCompletionsClient client = builder().build();
		StepVerifier.create(client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(this.given).hasSize(1);
		assertThat(this.given.get(0).configuration().loopResources()).isSameAs(ConnectionPools.loops());
		assertThat(this.given.get(0).configuration().connectionProvider()).isSameAs(ConnectionPools.shared());
		assertThat(this.server.exchanges()).singleElement()
			.satisfies((exchange) -> assertThat(exchange.header("Authorization")).isEqualTo("Bearer sk-connector"));
	}

	@Test
	void whenAClientWithAClientConnectorIsMutatedThenTheCopyMakesItsConnectorTheSameWay() {
		ChatCompletionsClient client = builder().build();
		client.mutate().apiKey("sk-other").build();
		assertThat(this.given).hasSize(2);
	}

	private ChatCompletionsClient.Builder builder() {
		return ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("sk-connector")
			.retryPolicy(RetryPolicy.NONE)
			.clientConnector((http) -> {
				this.given.add(http);
				return new ReactorClientHttpConnector(http);
			});
	}

}
