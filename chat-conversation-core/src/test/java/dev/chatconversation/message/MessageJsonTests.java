package dev.chatconversation.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageJson}: every role and field, unknown fields, UTF-8 and the
 * request mode.
 */
class MessageJsonTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final String EVERY_FIELD = """
			[
			  {"role": "system", "content": "Be brief.", "name": "ops"},
			  {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
			  {"role": "user", "name": "ana", "content": [
			    {"type": "text", "text": "What is this?"},
			    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
			    {"type": "image_url", "image_url": {"url": "https://example.com/dog.png"}},
			    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
			    {"type": "file", "file": {"file_id": "file-123"}},
			    {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBERi0=", "filename": "a.pdf"}}]},
			  {"role": "assistant", "content": null, "reasoning_content": "I need the weather.",
			   "tool_calls": [{"id": "call_1", "type": "function",
			                   "function": {"name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}],
			   "finish_reason": "tool_calls"},
			  {"role": "tool", "content": "{\\"temp\\": 21}", "tool_call_id": "call_1"},
			  {"role": "assistant", "content": null, "function_call": {"name": "lookup", "arguments": "{}"}},
			  {"role": "function", "name": "lookup", "content": "nothing found"},
			  {"role": "assistant", "content": [{"type": "refusal", "refusal": "I can't help with that."}],
			   "refusal": "I can't help with that."},
			  {"role": "assistant", "content": "Hi!", "name": "bot",
			   "audio": {"id": "audio_1", "data": "AAAA", "transcript": "Hi!", "expires_at": 1729018505},
			   "finish_reason": "stop", "incomplete": {"reason": "cancelled", "detail": "stopped by the user"}}
			]
			""";

	@Test
	void readsMessagesOfEveryRoleWithEveryModelledField() {
		List<Message> messages = MessageJson.readList(EVERY_FIELD, null);

		assertThat(messages)
			.containsExactly(new SystemMessage(Content.of("Be brief."), "ops", Map.of()),
					new DeveloperMessage(Content.of(List.of(ContentPart.text("Answer in French."))), null, Map.of()),
					new UserMessage(Content.of(List.of(ContentPart.text("What is this?"),
							ContentPart.imageUrl("https://example.com/cat.png", "low"),
							ContentPart.imageUrl("https://example.com/dog.png"),
							new InputAudioPart(new InputAudioPart.InputAudio("UklGRg==", "wav", Map.of()), Map.of()),
							ContentPart.fileId("file-123"),
							new FilePart(new FilePart.FileRef(null, "data:application/pdf;base64,JVBERi0=", "a.pdf",
									Map.of()), Map.of()))),
							"ana", Map.of()),
					AssistantMessage.builder()
						.reasoningContent("I need the weather.")
						.toolCall(ToolCall.function("call_1", "weather", "{\"city\":\"Paris\"}"))
						.finishReason("tool_calls")
						.build(),
					Message.tool("call_1", "{\"temp\": 21}"),
					AssistantMessage.builder().functionCall(FunctionCall.of("lookup", "{}")).build(),
					new FunctionMessage("lookup", "nothing found", Map.of()),
					AssistantMessage.builder()
						.content(Content.of(List.of(new RefusalPart("I can't help with that.", Map.of()))))
						.refusal("I can't help with that.")
						.build(),
					AssistantMessage.builder()
						.content("Hi!")
						.name("bot")
						.audio(new AssistantAudio("audio_1", "AAAA", "Hi!", 1729018505L, Map.of()))
						.finishReason("stop")
						.incomplete(new Incomplete(Incomplete.CANCELLED, "stopped by the user"))
						.build());
		assertThat(messages).extracting(Message::role)
			.containsExactly("system", "developer", "user", "assistant", "tool", "assistant", "function", "assistant",
					"assistant");
	}

	@Test
	void writesEveryModelledFieldBackAsItWasRead() {
		String written = MessageJson.writeList(MessageJson.readList(EVERY_FIELD, null), false);

		assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(EVERY_FIELD));
	}

	@Test
	void keepsUnknownFieldsAtEveryLevelAndWritesThemBackUnchanged() {
		String json = """
				[
				  {"role": "user", "x_top": {"tags": ["a", {"b": null}], "n": 12345678901234567890123},
				   "content": [
				     {"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}},
				     {"type": "image_url", "x_part": [1, 2.50], "image_url": {"url": "https://x.test/y.png", "x_url": "kept"}},
				     {"type": "input_audio", "input_audio": {"data": "AA==", "format": "mp3", "x_audio": true}},
				     {"type": "file", "file": {"file_id": "file-1", "x_file": 1}, "x_file_part": "kept"}]},
				  {"role": "assistant", "content": null, "provider": {"nested": {"deep": [1, "two", 3.0]}},
				   "tool_calls": [{"id": "function-call-1", "type": "function", "index": 0,
				                   "function": {"name": "get_weather", "arguments": "{}", "x_fn": false},
				                   "extra_content": {"google": {"thought_signature": "CtgBAVSoXO4+/sig=="}}}],
				   "audio": {"id": "audio_1", "x_audio": "kept"}},
				  {"role": "tool", "content": "sunny", "tool_call_id": "function-call-1", "name": "get_weather"}
				]
				""";

		List<Message> messages = MessageJson.readList(json, null);
		String written = MessageJson.writeList(messages, true);

		assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(json));
		ToolCall call = ((AssistantMessage) messages.get(1)).toolCalls().get(0);
		assertThat(call.extra().get("extra_content").at("/google/thought_signature").stringValue())
			.isEqualTo("CtgBAVSoXO4+/sig==");
		assertThat(messages.get(2).extra()).containsOnlyKeys("name");
	}

	@Test
	void writesNumbersOfUnknownFieldsExactlyAsTheyWereRead() {
		String json = "[{\"role\":\"user\",\"content\":\"hi\",\"precise\":0.1000000000000000055511151231257827,"
				+ "\"huge\":1E+400,\"scaled\":2.50,\"long\":12345678901234567890123}]";

		assertThat(MessageJson.writeList(MessageJson.readList(json, null), false)).isEqualTo(json);
	}

	@Test
	void writesNonAsciiTextAsIsWithoutEscapes() {
		String json = MessageJson.writeList(List.of(Message.user("Café? 日本語 😀"), Message.assistant("Très bien 👍🏽")),
				true);

		assertThat(json).contains("Café? 日本語 😀", "Très bien 👍🏽").doesNotContain("\\u");
		assertThat(MessageJson.readList(json.getBytes(StandardCharsets.UTF_8), null)).extracting(Message::text)
			.containsExactly("Café? 日本語 😀", "Très bien 👍🏽");
	}

	@Test
	void writesIndentedTextOnlyWhenAskedToAndReadsBothTheSame() {
		List<Message> messages = List.of(Message.system("Be brief."), Message.user("Hi"));

		String pretty = MessageJson.writeList(messages, true);
		String compact = MessageJson.writeList(messages, false);

		assertThat(pretty).contains("\n");
		assertThat(compact)
			.isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
		assertThat(MessageJson.readList(pretty, null)).isEqualTo(MessageJson.readList(compact, null))
			.isEqualTo(messages);
	}

	@Test
	void leavesOutExplicitNullsOfModelledFieldsAndAlwaysWritesAssistantContent() {
		String json = "[{\"role\":\"assistant\",\"tool_calls\":null,\"refusal\":null,\"content\":\"Hi\",\"name\":null},"
				+ "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\"}}]}]";

		String written = MessageJson.writeList(MessageJson.readList(json, null), false);

		assertThat(written)
			.isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":null,"
					+ "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}]");
	}

	@Test
	void writesTheIncompleteMarkAndFinishReasonForAHistoryButNotForARequest() {
		List<Message> messages = List.of(Message.user("Tell me a story"),
				AssistantMessage.builder()
					.content("Once upon")
					.audio(new AssistantAudio("audio_1", "AAAA", "Once upon", 1729018505L,
							Map.of("x_audio", JSON.readTree("\"local\""))))
					.finishReason("length")
					.incomplete(new Incomplete(Incomplete.ERROR, "Connection reset"))
					.build());

		JsonNode history = JSON.readTree(write(messages, false));
		JsonNode request = JSON.readTree(write(messages, true));

		assertThat(history.get(1).get("finish_reason").stringValue()).isEqualTo("length");
		assertThat(history.get(1).get("incomplete"))
			.isEqualTo(JSON.readTree("{\"reason\":\"error\",\"detail\":\"Connection reset\"}"));
		assertThat(history.get(1).get("audio").properties()).hasSize(5);
		assertThat(request).isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":\"Tell me a story\"},"
				+ "{\"role\":\"assistant\",\"content\":\"Once upon\",\"audio\":{\"id\":\"audio_1\"}}]"));
	}

	@Test
	void writesOneMessageToAGeneratorTheWayTheListDoes() {
		Message message = AssistantMessage.builder().content("Hi").finishReason("stop").build();
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = JSON.createGenerator(out)) {
			MessageJson.write(generator, message, true);
		}

		assertThat(out).hasToString("{\"role\":\"assistant\",\"content\":\"Hi\"}");
		assertThat(MessageJson.read(JSON.readTree(MessageJson.writeList(List.of(message), false)).get(0)))
			.isEqualTo(message);
	}

	@Test
	void readsThePythonReadmeExampleAsOneUserMessageWithFiveParts() throws IOException {
		byte[] json = readme();

		List<Message> messages = MessageJson.readList(json, "messages.json");

		assertThat(messages).singleElement()
			.isInstanceOfSatisfying(UserMessage.class,
					(user) -> assertThat(((Content.Parts) user.content()).parts()).extracting(ContentPart::type)
						.containsExactly("image_url", "text", "text", "image_url", "text"));
		assertThat(messages.get(0).text()).isEqualTo(
				"Describe what's in this image.Then, describe this dog.What are the main differences between them?");
		String written = MessageJson.writeList(messages, true);
		assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(json));
		assertThat(MessageJson.readList(written, null)).isEqualTo(messages);
	}

	private static byte[] readme() throws IOException {
		try (InputStream in = MessageJsonTests.class.getResourceAsStream("/messages.json")) {
			assertThat(in).isNotNull();
			return in.readAllBytes();
		}
	}

	private static String write(List<Message> messages, boolean forRequest) {
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = JSON.createGenerator(out)) {
			MessageJson.writeList(generator, messages, forRequest);
		}
		return out.toString();
	}

}
