package dev.chatconversation.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deterministic conversations of mixed messages: plain text, user messages made of parts
 * (text and images), assistant replies with tool calls and reasoning, tool results,
 * developer instructions and refusals.
 */
public final class SampleConversations {

	private static final String[] SENTENCES = {
			"Could you summarise the quarterly report and list the three biggest risks?",
			"Sure. Revenue grew 12% while costs rose 9%, so margins improved slightly.",
			"The main risks are supplier concentration, currency exposure and a pending lawsuit.",
			"Écris la réponse en français, s'il te plaît, avec des accents: é, è, à, ç.", "日本語でも説明してください。データの流れを簡単に。",
			"Here is a list:\n- first \"quoted\" item\n- second item with a tab\tinside\n- third item",
			"I can't help with that request, but I can explain the general principles instead.",
			"Let me check the weather in Paris and in Berlin before answering. 🌦️" };

	private static final JsonNode WEATHER_SCHEMA = JsonMapper.builder()
		.build()
		.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"The city\"},"
				+ "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
				+ "\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":14}},"
				+ "\"required\":[\"city\"],\"additionalProperties\":false}");

	private SampleConversations() {
	}

	/**
	 * A conversation of exactly {@code count} messages, opened by a system message.
	 * @param count how many messages
	 * @return the messages, valid as a Chat Completions history
	 */
	public static List<Message> mixed(int count) {
		List<Message> messages = new ArrayList<>(count + 8);
		messages.add(Message.system("You are a careful assistant. " + text(0, 3)));
		int turn = 0;
		while (messages.size() < count) {
			addTurn(messages, turn++);
		}
		return List.copyOf(messages.subList(0, count));
	}

	/**
	 * A streaming request whose history is a mixed conversation, with two tools and the
	 * usual options.
	 * @param historySize how many messages the request carries
	 * @return the request
	 */
	public static ChatCompletionRequest request(int historySize) {
		return ChatCompletionRequest.builder()
			.model("gpt-4o-mini")
			.messages(mixed(historySize))
			.tools(List.of(Tool.function("get_weather", "Gets the forecast for a city", WEATHER_SCHEMA),
					Tool.function("get_time", "Gets the local time of a city", WEATHER_SCHEMA)))
			.temperature(0.7)
			.maxCompletionTokens(1024)
			.user("user-1234")
			.stream(true)
			.streamOptions(StreamOptions.withUsage())
			.build();
	}

	private static void addTurn(List<Message> messages, int turn) {
		switch (turn % 6) {
			case 0 -> {
				messages.add(Message.user(text(turn, 1)));
				messages.add(AssistantMessage.builder().content(text(turn + 1, 4)).finishReason("stop").build());
			}
			case 1 -> {
				messages.add(Message.user(List.of(ContentPart.text(text(turn, 1)),
						ContentPart.imageUrl("https://example.com/images/chart-" + turn + ".png", "low"))));
				messages.add(Message.assistant(text(turn + 2, 3)));
			}
			case 2 -> {
				messages.add(Message.user(text(turn + 7, 1)));
				String paris = "call_" + turn + "_paris";
				String berlin = "call_" + turn + "_berlin";
				messages.add(AssistantMessage.builder()
					.toolCall(ToolCall.function(paris, "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"))
					.toolCall(ToolCall.function(berlin, "get_weather", "{\"city\":\"Berlin\",\"days\":3}"))
					.finishReason("tool_calls")
					.build());
				messages.add(Message.tool(paris, "{\"temperature\":18,\"sky\":\"cloudy\",\"rain_mm\":1.2}"));
				messages.add(Message.tool(berlin, "{\"temperature\":14,\"sky\":\"rain\",\"rain_mm\":6.5}"));
				messages.add(Message.assistant(text(turn, 2)));
			}
			case 3 -> {
				messages.add(Message.developer("Answer briefly. " + text(turn, 1)));
				messages.add(Message.user(text(turn + 3, 2)));
				messages.add(AssistantMessage.builder()
					.content(text(turn + 4, 5))
					.reasoningContent(text(turn + 5, 2))
					.finishReason("stop")
					.build());
			}
			case 4 -> {
				messages.add(Message.user(text(turn + 6, 1)));
				messages.add(AssistantMessage.builder().refusal(SENTENCES[6]).build());
			}
			default -> {
				messages
					.add(Message.user(List.of(ContentPart.text(text(turn, 2)), ContentPart.text(text(turn + 1, 1)))));
				messages.add(Message.assistant(text(turn + 2, 6)));
			}
		}
	}

	private static String text(int seed, int sentences) {
		StringBuilder text = new StringBuilder(sentences * 80);
		for (int i = 0; i < sentences; i++) {
			if (i > 0) {
				text.append(' ');
			}
			text.append(SENTENCES[Math.floorMod(seed * 5 + i, SENTENCES.length)]);
		}
		return text.toString();
	}

}
