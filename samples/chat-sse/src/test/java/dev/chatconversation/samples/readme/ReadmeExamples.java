package dev.chatconversation.samples.readme;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.ConversationEvent;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.Message;
import dev.chatconversation.observation.ChatObservationMeterHandler;
import dev.chatconversation.tool.ChatTool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Java examples of the project's README.md, verbatim, so that they keep compiling;
 * {@link ReadmeExamplesTests} checks that every README example is here.
 */
final class ReadmeExamples {

	private ReadmeExamples() {
	}

	static void firstConversation() {
		ChatCompletionsConversation conversation = new ChatCompletionsConversation(System.getenv("OPENAI_API_KEY"),
				"https://api.openai.com/v1", "gpt-4o-mini");
		conversation.loadFromJsonFile(Path.of("messages.json"));
		conversation.sendAndStreamResponse("And which one would make the better pet?")
			.doOnNext(System.out::print)
			.blockLast();
		System.out.println(conversation.exportToText());
		conversation.saveToJsonFile(Path.of("messages.json"));
	}

	static void requestDefaults() {
		ChatCompletionsConversation tutor = ChatCompletionsConversation.builder()
			.baseUrl("http://localhost:11434/v1")
			.model("llama3.2")
			.systemPrompt("You are a patient maths tutor.")
			.requestDefaults((options) -> options.temperature(0.2).maxCompletionTokens(500))
			.build();
		tutor.sendAndStreamResponse("Why is 0.999... equal to 1?", (options) -> options.temperature(0.7))
			.subscribe(System.out::print);
	}

	static void toolsAndStructuredOutputs() {
		enum Unit {

			CELSIUS, FAHRENHEIT

		}

		record WeatherQuery(@JsonPropertyDescription("City name, e.g. Paris") String city, Unit unit) {
		}

		ChatTool weather = ChatTool.of("get_weather", "Current weather in a city", WeatherQuery.class,
				(query) -> Map.of("city", query.city(), "temperature", 18, "unit", query.unit()));
		ChatCompletionsConversation assistant = ChatCompletionsConversation.builder()
			.baseUrl("https://api.openai.com/v1")
			.apiKey(System.getenv("OPENAI_API_KEY"))
			.model("gpt-4o-mini")
			.tools(weather)
			.build();
		assistant.sendAndStreamEvents("Should I take a coat in Paris?").doOnNext((event) -> {
			if (event instanceof ConversationEvent.TextDelta delta) {
				System.out.print(delta.text());
			}
			else if (event instanceof ConversationEvent.ToolCallRequested call) {
				System.out.println("[calling " + call.call().function().name() + "]");
			}
		}).blockLast();

		record Recipe(String title, List<String> ingredients, int minutes) {
		}

		Recipe recipe = assistant.sendForObject("A quick vegetarian dinner, please", Recipe.class).block();
		System.out.println(recipe);
	}

	static ChatCompletionsConversation observed(MeterRegistry meterRegistry) {
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ChatObservationMeterHandler(meterRegistry));
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl("https://api.openai.com/v1")
			.apiKey(System.getenv("OPENAI_API_KEY"))
			.observationRegistry(observations)
			.build();
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client)
			.model("gpt-4o-mini")
			.observationRegistry(observations)
			.build();
		return conversation;
	}

	static ChatCompletion clientDirectly() {
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl("https://api.openai.com/v1")
			.apiKey(System.getenv("OPENAI_API_KEY"))
			.timeouts(Timeouts.DEFAULTS.withStreamIdle(Duration.ofSeconds(30)))
			.retryPolicy(RetryPolicy.DEFAULTS.withMaxRetries(4))
			.build();
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.message(Message.user("Say hello"))
			.extraBodyField("search", JsonNodeFactory.instance.booleanNode(true))
			.build();
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		client.stream(request).doOnNext(accumulator::add).blockLast();
		ChatCompletion completion = accumulator.toCompletion();
		return completion;
	}

}

@RestController
class ChatController {

	private final ChatCompletionsConversation conversation;

	ChatController(ChatConversationFactory conversations) {
		this.conversation = conversations.newConversation();
	}

	@PostMapping(path = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Map<String, String>>> chat(@RequestBody String message) {
		return this.conversation.sendAndStreamResponse(message)
			.map((text) -> ServerSentEvent.builder(Map.of("text", text)).event("delta").build());
	}

}
