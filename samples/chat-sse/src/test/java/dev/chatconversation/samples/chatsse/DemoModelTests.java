package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.chatconversation.samples.chatsse.demo.DemoModelServer;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.chatconversation.samples.chatsse.ChatApi.deltaText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no {@code chat.base-url}, the app serves its offline demo model and answers with
 * it, streaming.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class DemoModelTests {

	@Autowired
	private WebTestClient client;

	@Value("${chat.base-url}")
	private String demoBaseUrl;

	@Test
	void theInfoSaysTheDemoModelAnswers() {
		this.client.get()
			.uri("/api/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"model\": \"demo-echo\", \"demo\": true}");
		assertThat(this.demoBaseUrl).matches("http://127\\.0\\.0\\.1:\\d+/v1");
	}

	@Test
	void aMessageGetsALabelledReplyStreamedInManyDeltas() {
		ChatApi api = new ChatApi(this.client);
		String id = api.create();

		List<ChatApi.Event> events = api.reply(id, "Hello, demo!");

		List<ChatApi.Event> deltas = events.stream().filter((event) -> event.name().equals("delta")).toList();
		assertThat(deltas).hasSizeGreaterThan(10);
		String reply = deltaText(events);
		assertThat(reply).startsWith("(Demo model, offline) You said: \u201cHello, demo!\u201d\n\n")
			.contains("CHAT_BASE_URL");
		ChatApi.Event done = events.get(events.size() - 1);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().path("finishReason").asString()).isEqualTo("stop");
		assertThat(done.data().path("usage").path("completion_tokens").asInt()).isEqualTo(deltas.size());
		assertThat(api.messages(id).path(1).path("content").asString()).isEqualTo(reply);
	}

	@Test
	void theDemoServerAlsoAnswersWithoutStreaming() {
		WebClient demo = WebClient.create(this.demoBaseUrl);

		StepVerifier
			.create(demo.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("model", "demo-echo", "messages",
						List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Parts?"))))))
				.retrieve()
				.bodyToMono(JsonNode.class))
			.assertNext((completion) -> {
				assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
				assertThat(completion.path("choices").path(0).path("message").path("content").asString())
					.startsWith("(Demo model, offline) You said: \u201cParts?\u201d");
				assertThat(completion.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
			})
			.verifyComplete();
	}

	@Test
	void theDemoServerStopsWithTheApplication() {
		// an application of its own, with nothing in it but what the demo model adds
		ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingElse.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run();
		String baseUrl = context.getEnvironment().getProperty("chat.base-url");
		assertThat(baseUrl).isNotEqualTo(this.demoBaseUrl);
		// a client with loops and connections of its own: closing the context may dispose
		// Reactor Netty's global ones, and a pooled connection must not hide the shutdown
		LoopResources loops = LoopResources.create("demo-test", 1, true);
		WebClient demo = WebClient.builder()
			.baseUrl(baseUrl)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection().runOn(loops)))
			.build();
		String request = "{\"model\":\"" + DemoModelServer.MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		StepVerifier
			.create(demo.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(request)
				.retrieve()
				.toBodilessEntity())
			.assertNext((response) -> assertThat(response.getStatusCode().value()).isEqualTo(200))
			.expectComplete()
			.verify(Duration.ofSeconds(10));

		context.close();

		StepVerifier
			.create(demo.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(request)
				.retrieve()
				.toBodilessEntity())
			.expectError()
			.verify(Duration.ofSeconds(10));
		loops.dispose();
	}

	/**
	 * The source of an empty application (not a {@code @Configuration}, which this test
	 * class would take as its own).
	 */
	static class NothingElse {

	}

}
