package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.tool.ChatTool;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.ConversationTurnStubs.quote;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.testfixture.ChatWireMock.PATH;

/**
 * Stubs for turns that take several rounds, and the tools the captured tool-call fixtures
 * call.
 *
 * <p>
 * A WireMock scenario serves one response per request, in order, so round 1 can be a
 * captured tool-call stream and round 2 a text answer. Responses built here are synthetic
 * and labelled so; they copy the shapes of {@code openai/stream-tool-calls-parallel.sse}
 * and {@code openai/chat-completion-parallel-tool-calls.json}.
 */
final class ToolLoopStubs {

	private static final String SCENARIO = "rounds";

	private ToolLoopStubs() {
	}

	/** Messages as a request carries them: without the fields local to the history. */
	static List<Message> asSent(List<Message> messages) {
		return messages.stream()
			.map((message) -> (message instanceof AssistantMessage reply)
					? reply.mutate().finishReason(null).incomplete(null).build() : message)
			.toList();
	}

	/** Every element of a {@code Flux} that completes, checked with a StepVerifier. */
	static <T> List<T> completed(Flux<T> flux) {
		List<T> elements = new ArrayList<>();
		StepVerifier.create(flux).recordWith(() -> elements).thenConsumeWhile((element) -> true).verifyComplete();
		return elements;
	}

	/** Serves the responses one per request, in order; the last one from then on. */
	static void stubRounds(WireMockExtension wireMock, ResponseDefinitionBuilder... responses) {
		for (int i = 0; i < responses.length; i++) {
			String state = (i == 0) ? Scenario.STARTED : "round " + (i + 1);
			var stub = post(urlPathEqualTo(PATH)).inScenario(SCENARIO)
				.whenScenarioStateIs(state)
				.willReturn(responses[i]);
			if (i + 1 < responses.length) {
				stub = stub.willSetStateTo("round " + (i + 2));
			}
			wireMock.stubFor(stub);
		}
	}

	/**
	 * Synthetic: a streamed reply with optional text, then the calls, split in pieces.
	 */
	static String toolCallStream(@Nullable String text, ToolCall... calls) {
		List<String> events = new ArrayList<>();
		events.add(chunk("{\"role\":\"assistant\",\"content\":null}", null));
		if (text != null) {
			events.add(chunk("{\"content\":" + quote(text) + "}", null));
		}
		for (int i = 0; i < calls.length; i++) {
			String arguments = calls[i].function().arguments();
			int half = arguments.length() / 2;
			events.add(chunk("{\"tool_calls\":[{\"index\":" + i + ",\"id\":" + quote(calls[i].id())
					+ ",\"type\":\"function\",\"function\":{\"name\":" + quote(calls[i].function().name())
					+ ",\"arguments\":" + quote(arguments.substring(0, half)) + "}}]}", null));
			events.add(chunk("{\"tool_calls\":[{\"index\":" + i + ",\"function\":{\"arguments\":"
					+ quote(arguments.substring(half)) + "}}]}", null));
		}
		events.add(chunk("{}", "tool_calls"));
		events.add("[DONE]");
		return sse(events);
	}

	/** Synthetic: a non-streaming reply with the calls. */
	static String toolCallCompletion(ToolCall... calls) {
		StringBuilder toolCalls = new StringBuilder();
		for (ToolCall call : calls) {
			toolCalls.append((toolCalls.length() > 0) ? "," : "")
				.append("{\"id\":")
				.append(quote(call.id()))
				.append(",\"type\":\"function\",\"function\":{\"name\":")
				.append(quote(call.function().name()))
				.append(",\"arguments\":")
				.append(quote(call.function().arguments()))
				.append("}}");
		}
		return completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + toolCalls + "]}", "tool_calls");
	}

	/** Synthetic: a non-streaming legacy reply with a {@code function_call}. */
	static String functionCallCompletion(String name, String arguments) {
		return completion("{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":" + quote(name)
				+ ",\"arguments\":" + quote(arguments) + "}}", "function_call");
	}

	/** Synthetic: a non-streaming text reply. */
	static String textCompletion(String text) {
		return completion("{\"role\":\"assistant\",\"content\":" + quote(text) + "}", "stop");
	}

	private static String completion(String message, String finishReason) {
		return "{\"id\":\"chatcmpl-loop\",\"object\":\"chat.completion\",\"created\":1727346166,\"model\":\"" + MODEL
				+ "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"logprobs\":null,\"finish_reason\":\""
				+ finishReason
				+ "\"}],\"usage\":{\"prompt_tokens\":149,\"completion_tokens\":60,\"total_tokens\":209}}";
	}

	private static String chunk(String delta, @Nullable String finishReason) {
		return "{\"id\":\"chatcmpl-loop\",\"object\":\"chat.completion.chunk\",\"created\":1727346178,\"model\":\""
				+ MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
				+ ((finishReason != null) ? quote(finishReason) : "null") + "}]}";
	}

	/**
	 * The tools the captured fixtures call, recording their arguments.
	 */
	static final class FixtureTools {

		final List<Object> calls = new CopyOnWriteArrayList<>();

		ChatTool getWeatherArgs() {
			return ChatTool.of("GetWeatherArgs", "The weather in a city", GetWeatherArgs.class, (query) -> {
				this.calls.add(query);
				return new Weather(query.city(), 12, query.units());
			});
		}

		ChatTool getStockPrice() {
			return ChatTool.of("get_stock_price", "The price of a share", StockQuery.class, (query) -> {
				this.calls.add(query);
				return "{\"price\": 227.5}";
			});
		}

		ChatTool weather() {
			return ChatTool.of("weather", "The weather at a location", WeatherQuery.class, (query) -> {
				this.calls.add(query);
				return "{\"location\": \"San Francisco\", \"condition\": \"cloudy\", \"temperature\": 7}";
			});
		}

		ChatTool readFile() {
			return ChatTool.of("read_file", "Reads a file", FileQuery.class, (query) -> {
				this.calls.add(query);
				return "Hello from " + query.path();
			});
		}

		List<ChatTool> all() {
			return List.of(getWeatherArgs(), getStockPrice(), weather(), readFile());
		}

	}

	record GetWeatherArgs(String city, String country, String units) {
	}

	record Weather(String city, int temperature, String units) {
	}

	record StockQuery(String ticker, String exchange) {
	}

	// Groq's capture calls it with "{}"
	record WeatherQuery(@Nullable String location) {
	}

	record FileQuery(String path) {
	}

}
