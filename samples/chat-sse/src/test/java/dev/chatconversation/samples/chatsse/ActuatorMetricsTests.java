package dev.chatconversation.samples.chatsse;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a streamed turn with the offline demo model, the actuator shows the call, its
 * token usage and its turn under their {@code gen_ai.*} metric names.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class ActuatorMetricsTests {

	@Autowired
	private WebTestClient client;

	@Test
	void whenAStreamedTurnEndsThenTheActuatorShowsTheCallItsTokensAndTheTurn() {
		// the application context is shared with other tests: compare before and after
		double callsBefore = statistic("gen_ai.client.operation?tag=chat.streaming:true", "COUNT");
		double inputBefore = statistic("gen_ai.client.token.usage?tag=gen_ai.token.type:input", "TOTAL");
		double outputBefore = statistic("gen_ai.client.token.usage?tag=gen_ai.token.type:output", "TOTAL");
		double firstChunksBefore = statistic("gen_ai.client.operation.time_to_first_chunk", "COUNT");
		double turnsBefore = statistic("gen_ai.conversation.turn", "COUNT");

		ChatApi api = new ChatApi(this.client);
		List<ChatApi.Event> events = api.reply(api.create(), "Hello, metrics!");
		JsonNode usage = events.get(events.size() - 1).data().path("usage");
		assertThat(usage.path("completion_tokens").asInt()).isPositive();

		assertThat(statistic("gen_ai.client.operation?tag=chat.streaming:true", "COUNT") - callsBefore).isEqualTo(1);
		assertThat(statistic("gen_ai.client.token.usage?tag=gen_ai.token.type:input", "TOTAL") - inputBefore)
			.isEqualTo(usage.path("prompt_tokens").asInt());
		assertThat(statistic("gen_ai.client.token.usage?tag=gen_ai.token.type:output", "TOTAL") - outputBefore)
			.isEqualTo(usage.path("completion_tokens").asInt());
		assertThat(statistic("gen_ai.client.operation.time_to_first_chunk", "COUNT") - firstChunksBefore).isEqualTo(1);
		assertThat(statistic("gen_ai.conversation.turn", "COUNT") - turnsBefore).isEqualTo(1);

		JsonNode operation = metric("gen_ai.client.operation");
		assertThat(tag(operation, "gen_ai.operation.name")).containsExactly("chat");
		assertThat(tag(operation, "gen_ai.response.model")).contains("demo-echo");
		assertThat(tag(operation, "gen_ai.response.finish_reasons")).contains("stop");
		assertThat(tag(operation, "error.type")).contains("none");
		assertThat(metric("gen_ai.client.token.usage").path("baseUnit").asString()).isEqualTo("tokens");
		assertThat(tag(metric("gen_ai.client.token.usage"), "gen_ai.token.type")).contains("input", "output");
	}

	@Test
	void whenHealthIsAskedThenTheAppIsUp() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	private JsonNode metric(String nameAndQuery) {
		byte[] body = this.client.get()
			.uri("/actuator/metrics/" + nameAndQuery)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JsonMapper.shared().readTree(body);
	}

	/** A statistic of a metric, 0 while the metric does not exist yet. */
	private double statistic(String nameAndQuery, String statistic) {
		int status = this.client.get()
			.uri("/actuator/metrics/" + nameAndQuery)
			.exchange()
			.returnResult(byte[].class)
			.getStatus()
			.value();
		return (status == 404) ? 0 : statistic(metric(nameAndQuery), statistic);
	}

	private static double statistic(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.path("measurements")) {
			if (measurement.path("statistic").asString().equals(statistic)) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + metric);
	}

	private static List<String> tag(JsonNode metric, String tag) {
		for (JsonNode available : metric.path("availableTags")) {
			if (available.path("tag").asString().equals(tag)) {
				return available.path("values").valueStream().map(JsonNode::asString).toList();
			}
		}
		throw new AssertionError("No tag " + tag + " in " + metric);
	}

}
