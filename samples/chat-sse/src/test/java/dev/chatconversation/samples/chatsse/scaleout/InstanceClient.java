package dev.chatconversation.samples.chatsse.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's HTTP API as the scale-out test calls it on any instance, with one client
 * cookie for all.
 */
final class InstanceClient {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String cookie = "chat_client=scaleOutTestClient0001";

	String create(SampleInstance instance) {
		HttpResponse<String> created = send(post(instance, "/api/conversations", Map.of()),
				HttpResponse.BodyHandlers.ofString());
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Creating a chat answered " + created.statusCode() + ": " + created.body());
		}
		return json.readTree(created.body()).path("id").asString();
	}

	/**
	 * Sends a message and opens its reply stream.
	 * @return the status and the stream's lines, read as they arrive
	 */
	HttpResponse<Stream<String>> send(SampleInstance instance, String id, String content) {
		return send(post(instance, "/api/conversations/" + id + "/messages", Map.of("content", content)),
				HttpResponse.BodyHandlers.ofLines());
	}

	/**
	 * Sends a message and reads the whole reply stream.
	 * @return the stream's lines
	 * @throws IllegalStateException unless the reply ended with {@code done}
	 */
	String reply(SampleInstance instance, String id, String content) {
		HttpResponse<Stream<String>> response = send(instance, id, content);
		StringBuilder lines = new StringBuilder();
		try (Stream<String> body = response.body()) {
			body.forEach((line) -> lines.append(line).append('\n'));
		}
		if (response.statusCode() != 200 || !lines.toString().contains("event:done")
				|| lines.toString().contains("event:error")) {
			throw new IllegalStateException(
					instance + " answered " + response.statusCode() + " to a turn of chat " + id + ":\n" + lines);
		}
		return lines.toString();
	}

	JsonNode messages(SampleInstance instance, String id) {
		HttpRequest request = request(instance, "/api/conversations/" + id + "/messages").GET().build();
		HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("The messages answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

	/**
	 * Reads a reply stream until it has carried a number of {@code delta} events.
	 */
	static void readDeltas(Iterator<String> lines, int deltas) {
		int seen = 0;
		while (seen < deltas) {
			if (!lines.hasNext()) {
				throw new IllegalStateException("The reply ended after " + seen + " deltas");
			}
			if (lines.next().equals("event:delta")) {
				seen++;
			}
		}
	}

	private HttpRequest post(SampleInstance instance, String path, Map<String, String> body) {
		return request(instance, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build();
	}

	private HttpRequest.Builder request(SampleInstance instance, String path) {
		return HttpRequest.newBuilder(URI.create(instance.url(path)))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", this.cookie);
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.http.send(request, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
