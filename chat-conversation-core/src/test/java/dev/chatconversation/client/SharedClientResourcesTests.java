package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients and conversations built with the default connection settings, such as one
 * {@code new ChatCompletionsConversation(key, url, model)} per chat, share one
 * {@code WebClient} and connection pool, while each request still carries its own
 * client's key, and a client with settings of its own gets a pool of its own.
 */
class SharedClientResourcesTests {

	private static final Duration LIMIT = Duration.ofSeconds(60);

	/**
	 * Enough to tell one pool from one per conversation, few enough for paranoid leak
	 * detection on a loaded machine.
	 */
	private static final int CONVERSATIONS = 100;

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	@Test
	void whenConversationsAreBuiltWithTheConstructorOneAfterAnotherThenTheirCallsShareOneConnection() {
		this.server.route((exchange) -> FakeChatServer.json(200, FakeChatServer.completion("hi")));
		Flux<String> replies = Flux.range(0, CONVERSATIONS)
			.concatMap((i) -> new ChatCompletionsConversation("sk-test-" + (i % 3), this.server.baseUrl(), "m")
				.sendAndGetResponse("hello"));
		StepVerifier.create(replies).expectNextCount(CONVERSATIONS).expectComplete().verify(LIMIT.multipliedBy(3));
		assertThat(this.server.exchanges()).hasSize(CONVERSATIONS);
		assertThat(connections(this.server.exchanges())).as("connections of sequential calls of new conversations")
			.hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void whenConversationsWithDifferentKeysRunAtOnceThenEachRequestCarriesItsOwnKey() {
		this.server.route((exchange) -> FakeChatServer.json(200,
				FakeChatServer.completion(Objects.requireNonNull(exchange.header("Authorization")))));
		Flux<String> replies = Flux.range(0, 50)
			.flatMap((i) -> new ChatCompletionsConversation("sk-key-" + i, this.server.baseUrl(), "m")
				.sendAndGetResponse("hello")
				.map((reply) -> i + "=" + reply));
		StepVerifier.create(replies.collectList())
			.assertNext((seen) -> assertThat(seen).hasSize(50).allSatisfy((entry) -> {
				String number = entry.substring(0, entry.indexOf('='));
				assertThat(entry).isEqualTo(number + "=Bearer sk-key-" + number);
			}))
			.expectComplete()
			.verify(LIMIT);
	}

	@Test
	void whenAClientHasNoKeyThenItsRequestsCarryNoneEvenAfterOthersSentTheirs() {
		this.server.route((exchange) -> FakeChatServer.json(200,
				FakeChatServer.completion(String.valueOf(exchange.header("Authorization")))));
		ChatCompletionsClient keyed = client("sk-first-key");
		ChatCompletionsClient keyless = client(null);
		Flux<String> replies = Flux.concat(text(keyed), text(keyless), text(keyed));
		StepVerifier.create(replies)
			.expectNext("Bearer sk-first-key", "null", "Bearer sk-first-key")
			.expectComplete()
			.verify(LIMIT);
		assertThat(connections(this.server.exchanges())).hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void whenAProviderPutsTheKeyInItsOwnHeaderThenOnlyThatHeaderIsSent() {
		this.server.route((exchange) -> FakeChatServer.json(200,
				FakeChatServer.completion(exchange.header("api-key") + "/" + exchange.header("Authorization"))));
		ChatCompletionsClient azure = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("azure-key-1")
			.provider(new ApiKeyHeaderProfile())
			.build();
		StepVerifier.create(text(azure)).expectNext("azure-key-1/null").expectComplete().verify(LIMIT);
	}

	@Test
	void whenABuilderSetsItsOwnPoolSizeThenItsCallsUseAConnectionOfItsOwn() {
		this.server.route((exchange) -> FakeChatServer.json(200, FakeChatServer.completion("hi")));
		ChatCompletionsClient shared = client("sk-shared");
		try (ChatCompletionsClient own = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey("sk-own")
			.maxConnections(3)
			.build()) {
			StepVerifier.create(Flux.concat(text(shared), text(shared), text(own), text(own)))
				.expectNextCount(4)
				.expectComplete()
				.verify(LIMIT);
		}
		List<Exchange> exchanges = this.server.exchanges();
		Set<Channel> sharedConnections = connections(exchanges.subList(0, 2));
		Set<Channel> ownConnections = connections(exchanges.subList(2, 4));
		assertThat(ownConnections).doesNotContainAnyElementsOf(sharedConnections);
	}

	@Test
	void whenClientsUseManyConnectTimeoutsThenTheSharedWebClientsStayBounded() {
		for (int millis = 1; millis <= 100; millis++) {
			ChatCompletionsClient.builder()
				.baseUrl(this.server.baseUrl())
				.timeouts(Timeouts.DEFAULTS.withConnect(Duration.ofMillis(1000 + millis)))
				.build();
		}
		assertThat(SharedWebClients.size()).isLessThanOrEqualTo(SharedWebClients.CAPACITY);
		assertThat(SharedWebClients.forConnectTimeout(Duration.ofMillis(1100)))
			.isSameAs(SharedWebClients.forConnectTimeout(Duration.ofMillis(1100)))
			.isNotSameAs(SharedWebClients.forConnectTimeout(Duration.ofMillis(1099)));
	}

	@Test
	void whenCredentialsArePrintedThenTheKeyIsNotShown() {
		Credentials credentials = Objects.requireNonNull(Credentials.of(ProviderProfile.GENERIC, "sk-very-secret"));
		assertThat(credentials.toString()).doesNotContain("sk-very-secret");
		assertThat(credentials.context().toString()).doesNotContain("sk-very-secret");
	}

	private ChatCompletionsClient client(@Nullable String apiKey) {
		return ChatCompletionsClient.builder().baseUrl(this.server.baseUrl()).apiKey(apiKey).build();
	}

	private static Mono<String> text(ChatCompletionsClient client) {
		return client.create(ChatCompletionRequest.builder().model("m").message(Message.user("hello")).build())
			.map(ChatCompletion::text);
	}

	private static Set<Channel> connections(List<Exchange> exchanges) {
		return exchanges.stream().map(Exchange::channel).collect(Collectors.toSet());
	}

	/** A provider that sends the key in an {@code api-key} header, as Azure does. */
	private static final class ApiKeyHeaderProfile implements ProviderProfile {

		@Override
		public String name() {
			return "api-key-header";
		}

		@Override
		public void authenticate(HttpHeaders headers, String apiKey) {
			headers.set("api-key", apiKey);
		}

	}

}
