package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.chatconversation.samples.chatsse.ChatApi.errorMessage;
import static dev.chatconversation.samples.chatsse.ClientLimitsTests.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies a hostile or broken client sends: malformed, of the wrong shape, missing, or too
 * large, with a length or in chunks. Each gets an RFC 9457 problem and changes nothing;
 * never an HTML page nor a stack trace. With the demo model, which none of them reaches.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "chat-sse.limits.max-body-size=16KB")
@AutoConfigureWebTestClient(timeout = "20s")
class RefusedRequestsTests {

	private static final int LIMIT = 16 * 1024;

	private static final ConnectionProvider connections = ConnectionProvider.create("refused-requests-tests", 4);

	@AfterAll
	static void stop() {
		connections.dispose();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	private ChatApi api;

	private String id;

	@BeforeEach
	void conversation() {
		this.api = new ChatApi(this.client);
		this.id = this.api.create();
	}

	@ParameterizedTest
	@CsvSource({ "POST, /api/conversations", "POST, /api/conversations/{id}/messages",
			"PUT, /api/conversations/{id}/messages/last" })
	void malformedJsonIsA400ProblemOnEveryEndpointThatReadsABody(String method, String path) {
		String detail = errorMessage(send(method, path, "{\"content\": \"Hel"), 400);

		assertThat(detail).isEqualTo("The request body is not valid JSON.");
		assertThat(this.api.messages(this.id)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"content\": {\"text\": \"Hi\"}}", "{\"content\": [\"Hi\"]}" })
	void aFieldOfTheWrongTypeIsA400ProblemNamingTheField(String body) {
		String detail = errorMessage(send("POST", "/api/conversations/{id}/messages", body), 400);

		assertThat(detail).isEqualTo("The field \"content\" has the wrong type: it must be a string.");
		assertThat(this.api.messages(this.id)).isEmpty();
	}

	@Test
	void aSystemPromptOfTheWrongTypeIsA400ProblemNamingTheField() {
		String detail = errorMessage(send("POST", "/api/conversations", "{\"system\": {\"role\": \"x\"}}"), 400);

		assertThat(detail).isEqualTo("The field \"system\" has the wrong type: it must be a string.");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "\"Hi\"", "42" })
	void aBodyThatIsNotAnObjectIsA400Problem(String body) {
		String detail = errorMessage(send("POST", "/api/conversations/{id}/messages", body), 400);

		assertThat(detail).isEqualTo("The request body must be a JSON object.");
	}

	@Test
	void aMissingBodyOrFieldIsA400Problem() {
		assertThat(errorMessage(this.client.post()
			.uri("/api/conversations/{id}/messages", this.id)
			.contentType(MediaType.APPLICATION_JSON)
			.exchange(), 400)).isEqualTo("The request body is missing or is not valid JSON.");
		assertThat(errorMessage(send("POST", "/api/conversations/{id}/messages", "{\"text\": \"Hi\"}"), 400))
			.contains("empty");
	}

	@ParameterizedTest
	@CsvSource({ "POST, /api/conversations", "POST, /api/conversations/{id}/messages",
			"PUT, /api/conversations/{id}/messages/last", "POST, /api/conversations/{id}/regenerate", "GET, /api/info",
			"DELETE, /api/conversations/{id}", "GET, /" })
	void aBodyOverTheLimitWithItsLengthIsA413ProblemOnEveryEndpoint(String method, String path) {
		String body = "{\"content\": \"" + "a".repeat(LIMIT) + "\"}";

		RawClient.Answer answer = new RawClient(this.port, connections)
			.exchange(HttpMethod.valueOf(method), path.replace("{id}", this.id), null,
					Mono.fromSupplier(() -> RawClient.text(body)))
			.block(Duration.ofSeconds(10));

		assertThat(problem(answer, 413).path("detail").asString())
			.isEqualTo("The request body is too large: the limit is " + LIMIT + " bytes.");
		assertThat(answer.headers().get("Connection")).isEqualTo("close");
		this.api.messages(this.id);
	}

	@Test
	void aChunkedBodyOverTheLimitIsA413ProblemWithoutBeingReadToItsEnd() {
		// 8 MB in 1 KB chunks, with no Content-Length
		byte[] kilobyte = "a".repeat(1024).getBytes();
		Flux<io.netty.buffer.ByteBuf> chunks = Flux.concat(Mono.fromSupplier(() -> RawClient.text("{\"content\": \"")),
				Flux.range(0, 8 * 1024).map((chunk) -> Unpooled.wrappedBuffer(kilobyte)));

		RawClient.Answer answer = new RawClient(this.port, connections)
			.exchange(HttpMethod.POST, "/api/conversations/" + this.id + "/messages", null, chunks)
			.block(Duration.ofSeconds(20));

		assertThat(problem(answer, 413).path("detail").asString())
			.isEqualTo("The request body is too large: the limit is " + LIMIT + " bytes.");
		assertThat(this.api.messages(this.id)).isEmpty();
	}

	@Test
	void anUnknownPathIsA404ProblemEvenForABrowser() {
		String body = this.client.get()
			.uri("/api/nothing-here")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).doesNotContain("<html").doesNotContain("Whitelabel").doesNotContain("Exception");
	}

	@Test
	void aWrongMethodIsA405Problem() {
		errorMessage(this.client.patch().uri("/api/info").exchange(), 405);
	}

	private WebTestClient.ResponseSpec send(String method, String path, String body) {
		return this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path, Map.of("id", this.id))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
