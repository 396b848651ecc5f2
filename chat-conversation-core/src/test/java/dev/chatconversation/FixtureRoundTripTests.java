package dev.chatconversation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.testfixture.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Round trips (load, save, load) of histories built from the assistant messages of real
 * provider captures, and of the Python library's README example.
 */
class FixtureRoundTripTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final Set<String> MODELLED = Set.of("role", "content", "refusal", "name", "tool_calls",
			"function_call", "audio", "reasoning_content", "finish_reason", "incomplete", "tool_call_id");

	private static final String THINKING_FIXTURE = "mistral/chat-completion-reasoning-content-array.json";

	@TempDir
	Path folder;

	@ParameterizedTest(name = "{0}")
	@MethodSource("capturedReplies")
	void aHistoryWithACapturedReplyRoundTripsUnchanged(String name, ArrayNode history) throws IOException {
		Path original = Files.writeString(this.folder.resolve("original.json"), JSON.writeValueAsString(history));
		ChatCompletionsConversation loaded = conversation();
		loaded.loadFromJsonFile(original);
		Path saved = this.folder.resolve("saved.json");
		loaded.saveToJsonFile(saved);
		ChatCompletionsConversation reloaded = conversation();
		reloaded.loadFromJsonFile(saved);

		assertThat(reloaded.messages()).isEqualTo(loaded.messages());
		assertThat(JSON.readTree(Files.readString(saved))).isEqualTo(semantically(history));
		assertThat(loaded.messages()).hasSize(history.size());
		assertThat(loaded.messages().get(1)).isInstanceOf(AssistantMessage.class);
		AssistantMessage reply = (AssistantMessage) loaded.messages().get(1);
		assertThat(loaded.messages().subList(2, history.size()))
			.allSatisfy((message) -> assertThat(message).isInstanceOf(ToolMessage.class));
		assertThat(reply.toolCalls()).hasSize(history.size() - 2);
	}

	@Test
	void keepsProviderFieldsOfCapturedRepliesThatTheLibraryDoesNotModel() throws IOException {
		AssistantMessage deepseek = reply("deepseek/chat-completion-tool-call.json");
		AssistantMessage groq = reply("groq/chat-completion-reasoning.json");

		assertThat(deepseek.reasoningContent()).startsWith("The user is asking for the weather");
		assertThat(deepseek.toolCalls().get(0).extra()).containsOnlyKeys("index");
		assertThat(groq.extra()).containsKey("reasoning");
		assertThat(groq.reasoningContent()).isNull();
	}

	@Test
	void rejectsTheMistralThinkingPartWithAClearError() throws IOException {
		ArrayNode history = historyFor(message(THINKING_FIXTURE, 0));
		Path file = Files.writeString(this.folder.resolve("thinking.json"), JSON.writeValueAsString(history));
		ChatCompletionsConversation conversation = conversation();
		conversation.appendUserMessage("Keep me");

		assertThatExceptionOfType(InvalidConversationException.class)
			.isThrownBy(() -> conversation.loadFromJsonFile(file))
			.withMessage("Invalid conversation in " + file.toAbsolutePath() + ": message 1 at $[1].content[0].type: "
					+ "unknown content part type 'thinking' (expected text, image_url, input_audio, file or refusal)")
			.satisfies((ex) -> {
				assertThat(ex.messageIndex()).isEqualTo(1);
				assertThat(ex.jsonPath()).isEqualTo("$[1].content[0].type");
			});
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	@Test
	void theReadmeExampleLoadsAsOneUserMessageWithFivePartsAndRoundTrips() throws Exception {
		Path readme = Path.of(Objects.requireNonNull(getClass().getResource("/messages.json")).toURI());
		ChatCompletionsConversation conversation = conversation();

		conversation.loadFromJsonFile(readme);
		Path saved = this.folder.resolve("messages.json");
		conversation.saveToJsonFile(saved);
		ChatCompletionsConversation reloaded = conversation();
		reloaded.loadFromJsonFile(saved);

		assertThat(conversation.messages()).singleElement()
			.isInstanceOfSatisfying(UserMessage.class,
					(user) -> assertThat(user.content()).isInstanceOfSatisfying(
							dev.chatconversation.message.Content.Parts.class,
							(parts) -> assertThat(parts.parts()).hasSize(5)));
		assertThat(reloaded.messages()).isEqualTo(conversation.messages());
		assertThat(JSON.readTree(Files.readString(saved))).isEqualTo(JSON.readTree(Files.readString(readme)));
	}

	static Stream<Arguments> capturedReplies() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		for (String fixture : chatCompletionFixtures()) {
			if (fixture.equals(THINKING_FIXTURE)) {
				continue;
			}
			JsonNode choices = read(fixture).get("choices");
			for (int i = 0; i < choices.size(); i++) {
				cases.add(Arguments.of(fixture + " choices[" + i + "]", historyFor(message(fixture, i))));
			}
		}
		assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
		return cases.stream();
	}

	/**
	 * A user question, the captured reply, and a tool result for each call of the reply.
	 */
	private static ArrayNode historyFor(JsonNode reply) {
		ArrayNode history = JSON.createArrayNode();
		history.addObject().put("role", "user").put("content", "A question from the fixture test");
		history.add(reply);
		for (JsonNode call : reply.path("tool_calls")) {
			history.addObject()
				.put("role", "tool")
				.put("tool_call_id", call.get("id").stringValue())
				.put("content", "{\"result\": \"ok for " + call.get("id").stringValue() + "\"}");
		}
		return history;
	}

	/**
	 * The JSON the history format writes for the given JSON: explicit nulls of modelled
	 * fields are left out (unknown fields keep theirs), assistant content is always
	 * written (as {@code null} when absent) and a tool call without type gets the only
	 * type the API has, {@code function}.
	 */
	private static JsonNode semantically(JsonNode history) {
		ArrayNode expected = JSON.createArrayNode();
		for (JsonNode message : history) {
			ObjectNode copy = (ObjectNode) message.deepCopy();
			MODELLED.forEach((name) -> {
				if (copy.path(name).isNull()) {
					copy.remove(name);
				}
			});
			if (copy.get("role").stringValue().equals("assistant")) {
				if (!copy.has("content")) {
					copy.putNull("content");
				}
				for (JsonNode call : copy.path("tool_calls")) {
					if (!call.has("type")) {
						((ObjectNode) call).put("type", "function");
					}
				}
			}
			expected.add(copy);
		}
		return expected;
	}

	private static AssistantMessage reply(String fixture) throws IOException {
		List<Message> messages = dev.chatconversation.message.MessageJson
			.readList(JSON.writeValueAsString(historyFor(message(fixture, 0))), fixture);
		return (AssistantMessage) messages.get(1);
	}

	private static JsonNode message(String fixture, int choice) throws IOException {
		return read(fixture).get("choices").get(choice).get("message");
	}

	private static JsonNode read(String fixture) throws IOException {
		return JSON.readTree(Fixtures.fixture(fixture));
	}

	private static List<String> chatCompletionFixtures() throws IOException {
		return Fixtures.list("chat-completion-", ".json");
	}

	private static ChatCompletionsConversation conversation() {
		return new ChatCompletionsConversation(null, "http://localhost:1/v1", "test-model");
	}

}
