package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP API as the tests call it, over real HTTP.
 */
final class ChatApi {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient client;

	ChatApi(WebTestClient client) {
		this.client = client;
	}

	String create() {
		return idOf(this.client.post().uri("/api/conversations").exchange().expectStatus().isCreated());
	}

	String create(String system) {
		return idOf(this.client.post()
			.uri("/api/conversations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("system", system))
			.exchange()
			.expectStatus()
			.isCreated());
	}

	private static String idOf(WebTestClient.ResponseSpec created) {
		JsonNode body = json.readTree(created.expectBody(String.class).returnResult().getResponseBody());
		return body.path("id").asString();
	}

	/**
	 * Sends a message and returns the response's events, as they arrive, on a thread
	 * where the test may block (to make another call between two events).
	 */
	Flux<Event> send(String id, String content) {
		return events(post(id, Map.of("content", content))).publishOn(Schedulers.boundedElastic());
	}

	/**
	 * The events of a 200 {@code text/event-stream} response, comments left out.
	 */
	static Flux<Event> events(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(SSE)
			.getResponseBody()
			.filter((event) -> event.data() != null)
			.map(Event::of);
	}

	/**
	 * Sends a message and waits for the whole reply.
	 */
	List<Event> reply(String id, String content) {
		return send(id, content).collectList().block(Duration.ofSeconds(20));
	}

	WebTestClient.ResponseSpec post(String id, Object body) {
		return this.client.post()
			.uri("/api/conversations/{id}/messages", id)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(body)
			.exchange();
	}

	JsonNode messages(String id) {
		String body = this.client.get()
			.uri("/api/conversations/{id}/messages", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(body);
	}

	WebTestClient client() {
		return this.client;
	}

	/**
	 * Asserts a refused request's problem+json error and returns its detail.
	 */
	static String errorMessage(WebTestClient.ResponseSpec response, int status) {
		return problem(response, status).path("detail").asString();
	}

	/**
	 * Asserts a refused request's RFC 9457 body ({@code application/problem+json} with
	 * its status, a title and a detail) and returns it.
	 */
	static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
		String body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode problem = json.readTree(body);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
		assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	static String deltaText(List<Event> events) {
		return events.stream()
			.filter((event) -> event.name().equals("delta"))
			.map((event) -> event.data().path("text").asString())
			.collect(Collectors.joining());
	}

	/**
	 * One server-sent event, its data decoded as JSON.
	 */
	record Event(String name, JsonNode data) {

		static Event of(ServerSentEvent<String> event) {
			return new Event(String.valueOf(event.event()), json.readTree(event.data()));
		}

	}

}
