package dev.chatconversation.samples.chatsse;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.chatconversation.boot.ChatToolRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.chatconversation.samples.chatsse.ChatApi.deltaText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@link ClockTool}, declared with {@code @ChatToolMethod}: the offline demo
 * model calls it when asked for the time, and the tool round is in the history.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class DemoToolTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ChatToolRegistry tools;

	@Test
	void whenTheAppStartsThenTheClockToolIsRegistered() {
		assertThat(this.tools.names()).containsExactly(ClockTool.NAME);
		assertThat(this.tools.find(ClockTool.NAME).definition().parameters().path("required").toString())
			.isEqualTo("[\"zone\"]");
	}

	@Test
	void whenAMessageAsksForTheTimeThenTheDemoModelCallsTheToolAndAnswersWithItsResult() {
		ChatApi api = new ChatApi(this.client);
		String id = api.create();

		List<ChatApi.Event> events = api.reply(id, "What time is it?");

		JsonNode history = api.messages(id);
		assertThat(history).hasSize(4);
		assertThat(history.path(0).path("role").asString()).isEqualTo("user");
		JsonNode call = history.path(1).path("tool_calls").path(0);
		assertThat(call.path("function").path("name").asString()).isEqualTo(ClockTool.NAME);
		assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"zone\":null}");
		JsonNode result = history.path(2);
		assertThat(result.path("role").asString()).isEqualTo("tool");
		assertThat(result.path("tool_call_id").asString()).isEqualTo(call.path("id").asString());
		String time = result.path("content").asString();
		assertThat(ZonedDateTime.parse(time, DateTimeFormatter.ISO_ZONED_DATE_TIME))
			.isBetween(ZonedDateTime.now().minusMinutes(1), ZonedDateTime.now());
		String reply = deltaText(events);
		assertThat(reply).startsWith("(Demo model, offline) I asked the current_time tool, and it says: " + time);
		assertThat(history.path(3).path("content").asString()).isEqualTo(reply);
		ChatApi.Event done = events.get(events.size() - 1);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().path("finishReason").asString()).isEqualTo("stop");
	}

	@Test
	void whenAMessageDoesNotAskForTheTimeThenNoToolRuns() {
		ChatApi api = new ChatApi(this.client);
		String id = api.create();

		api.reply(id, "Hello there");

		JsonNode history = api.messages(id);
		assertThat(history).hasSize(2);
		assertThat(history.path(1).has("tool_calls")).isFalse();
	}

}
