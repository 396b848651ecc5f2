package dev.chatconversation.client.provider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.internal.ChunkReader;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.client.model.ToolChoice;
import dev.chatconversation.client.model.WebSearchOptions;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.MessageJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests and encodings shared by the profile tests. Fixtures come from
 * {@code dev.chatconversation.testfixture.Fixtures} (see {@code fixtures/SOURCES.md});
 * anything built here instead is labelled synthetic where it is used.
 */
final class ProviderFixtures {

	private ProviderFixtures() {
	}

	/**
	 * The history of a conversation with every message shape a provider may reject: a
	 * named developer message, two successive user messages, an assistant tool call with
	 * reasoning and Gemini's {@code extra_content}, a tool result, a plain assistant
	 * reply with reasoning and an unknown field, and a last user message. Synthetic.
	 */
	static final String HISTORY = """
			[
			  {"role": "developer", "content": "Be brief.", "name": "ops"},
			  {"role": "user", "content": "Weather in Paris?", "name": "alice"},
			  {"role": "user", "content": "In Celsius."},
			  {"role": "assistant", "content": null, "reasoning_content": "I need the weather tool.",
			   "tool_calls": [{"id": "call_1", "type": "function",
			     "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"},
			     "extra_content": {"google": {"thought_signature": "c2lnbmF0dXJl"}}}]},
			  {"role": "tool", "tool_call_id": "call_1", "content": "18"},
			  {"role": "assistant", "content": "18 degrees.", "reasoning_content": "Easy.", "refusal": null,
			   "annotations": []},
			  {"role": "user", "content": "And tomorrow?"}
			]""";

	/**
	 * A request with {@link #HISTORY} and every parameter some provider rejects.
	 * Synthetic.
	 */
	static ChatCompletionRequest problematicRequest(String model) {
		return ChatCompletionRequest.builder()
			.model(model)
			.messages(MessageJson.readList(HISTORY, "synthetic history"))
			.store(true)
			.parallelToolCalls(true)
			.webSearchOptions(new WebSearchOptions("low", null))
			.promptCacheKey("conversation-42")
			.maxCompletionTokens(512)
			.temperature(0.2)
			.topP(0.9)
			.logprobs(true)
			.topLogprobs(2)
			.logitBias(Map.of("50256", -100))
			.presencePenalty(0.1)
			.frequencyPenalty(0.1)
			.seed(7L)
			.user("user-1")
			.streamOptions(StreamOptions.withUsage())
			.tools(List.of(Tool.function("get_weather", "Weather of a city",
					WireJson.mapper()
						.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))))
			.toolChoice(ToolChoice.required())
			.build();
	}

	/**
	 * The JSON body the client would send for a request: the request as the wire mapper
	 * writes it, with {@code extraBody} fields added last, as {@code RequestEncoder}
	 * does.
	 */
	static ObjectNode body(ChatCompletionRequest request) {
		ObjectNode body = WireJson.mapper().valueToTree(request);
		request.extraBody().forEach(body::set);
		return body;
	}

	/** The body of a request adapted by a profile. */
	static ObjectNode adapted(ProviderProfile profile, ChatCompletionRequest request) {
		return body(profile.adapt(request));
	}

	/** Asserts that a body is a valid OpenAI {@code CreateChatCompletionRequest}. */
	static void assertValidOpenAiRequest(ObjectNode body) {
		OpenApiRequestSchema.chatCompletionRequest().assertValid(body.toString());
	}

	/**
	 * The chunks of a stream body, one {@code data:} line per event, up to
	 * {@code [DONE]}.
	 */
	static List<ChatCompletionChunk> chunks(String body) {
		ChunkReader reader = new ChunkReader();
		return body.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5).strip())
			.takeWhile((data) -> !data.equals("[DONE]"))
			.map((data) -> {
				byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
				return reader.read(bytes, 0, bytes.length);
			})
			.toList();
	}

	/** A stream body folded into the completion a non-streaming call would return. */
	static ChatCompletion accumulate(String body) {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		chunks(body).forEach(accumulator::add);
		return accumulator.toCompletion();
	}

	/**
	 * A synthetic stream body: each item becomes one {@code data:} event, then
	 * {@code [DONE]}.
	 */
	static String sse(String... data) {
		StringBuilder body = new StringBuilder();
		for (String item : data) {
			body.append("data: ").append(item).append("\n\n");
		}
		return body.append("data: [DONE]\n\n").toString();
	}

}
