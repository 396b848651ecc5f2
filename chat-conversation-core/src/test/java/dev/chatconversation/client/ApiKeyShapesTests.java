package dev.chatconversation.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys that do not look like OpenAI's (reliability scenario 30, invariant I6): a Groq
 * key, a three-character key and keys holding {@code /} and {@code +}, echoed by the
 * server plainly and JSON-escaped in a 401, a stream error event and a proxy page, and a
 * connection error: no exception message, stack trace or {@code toString()} holds more
 * than four characters of the key in a row, and the key still reaches the server.
 */
class ApiKeyShapesTests {

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	@ParameterizedTest
	@ValueSource(strings = { SecretRedactorTests.GROQ_KEY, "k3y", "sk-proj/AbCd+EfGh/IjKl=MnOp/QrSt",
			"az/ure+key/with/slashes/0123456789" })
	void noFailureTextHoldsTheKeyWhateverItsShape(String key) throws IOException {
		String escaped = key.replace("/", "\\/");
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl(this.server.baseUrl())
			.apiKey(key)
			.retryPolicy(RetryPolicy.NONE)
			.build();
		this.server.reply(FakeChatServer.json(401, """
				{"error":{"message":"Incorrect API key provided: %s (%s)","type":"invalid_request_error",\
				"param":null,"code":"invalid_api_key"}}""".formatted(key, escaped)),
				FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"),
						"data: {\"error\":{\"message\":\"bad key " + escaped + "\"}}\n\n")),
				FakeChatServer.json(502, "<html><body>upstream rejected " + key + "</body></html>"));
		List<String> texts = new ArrayList<>();

		StepVerifier.create(client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(AuthenticationException.class)
				.hasMessageContaining("Incorrect API key provided");
			collect(texts, failure);
		}).verify();
		StepVerifier.create(client.stream(Payloads.request())).expectNextCount(1).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(StreamErrorException.class).hasMessageContaining("bad key");
			collect(texts, failure);
		}).verify();
		StepVerifier.create(client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ApiStatusException.class).hasMessageContaining("upstream rejected");
			collect(texts, failure);
		}).verify();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ChatCompletionsClient refused = client.mutate().baseUrl("http://127.0.0.1:" + closedPort + "/v1").build();
		StepVerifier.create(refused.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> collect(texts, failure))
			.verify();
		texts.add(client.toString());
		texts.add(client.mutate().toString());

		assertThat(this.server.exchanges())
			.allSatisfy((exchange) -> assertThat(exchange.header("Authorization")).isEqualTo("Bearer " + key));
		assertThat(texts).hasSize(10)
			.allSatisfy(
					(text) -> assertThat(SecretRedactorTests.longestRunOf(key, text)).as("run of the key in: %s", text)
						.isLessThanOrEqualTo(4));
		client.close();
	}

	private static void collect(List<String> texts, Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		texts.add(failure.toString());
		texts.add(trace.toString());
	}

}
