package dev.chatconversation.message;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests that {@link MessageJson} reports bad input as one
 * {@link InvalidConversationException} naming the source, the message index, the JSON
 * path and the problem.
 */
class MessageJsonInvalidInputTests {

	private static final String SOURCE = "/data/chat.json";

	private static final String VALID_FIRST = "{\"role\": \"user\", \"content\": \"Hi\"}";

	@Test
	void reportsTextThatIsNotJsonWithItsLineAndColumn() {
		InvalidConversationException ex = invalid("[\n  {\"role\": \"user\",\n   \"content\" \"Hi\"}\n]");

		assertThat(ex.messageIndex()).isEqualTo(-1);
		assertThat(ex.jsonPath()).isEqualTo("$");
		assertThat(ex.source()).isEqualTo(SOURCE);
		assertThat(ex.getMessage()).startsWith(
				"Invalid conversation in /data/chat.json: at $: the text is not valid JSON (line 3, column 14): ");
		assertThat(ex.problem()).contains("was expecting a colon");
	}

	@Test
	void reportsBytesThatAreNotUtf8AsNotJson() {
		byte[] latin1 = "[{\"role\": \"user\", \"content\": \"Caf\u00e9\"}]".getBytes(StandardCharsets.ISO_8859_1);

		InvalidConversationException ex = catchThrowableOfType(InvalidConversationException.class,
				() -> MessageJson.readList(latin1, SOURCE));

		assertThat(ex.messageIndex()).isEqualTo(-1);
		assertThat(ex.problem()).startsWith("the text is not valid JSON (line 1, column");
	}

	@Test
	void reportsTextAfterTheArray() {
		InvalidConversationException ex = invalid("[" + VALID_FIRST + "]\n[]");

		assertThat(ex.messageIndex()).isEqualTo(-1);
		assertThat(ex.problem())
			.isEqualTo("the text is not valid JSON (line 2, column 1): there is more text after the message array");
	}

	@Test
	void reportsAnEmptyText() {
		InvalidConversationException ex = invalid("  ");

		assertThat(ex).hasMessage(
				"Invalid conversation in /data/chat.json: at $: the text is empty; expected a JSON array of messages");
		assertThat(ex.messageIndex()).isEqualTo(-1);
	}

	@Test
	void reportsJsonThatIsNotAnArray() {
		InvalidConversationException ex = invalid(VALID_FIRST);

		assertThat(ex).hasMessage(
				"Invalid conversation in /data/chat.json: at $: expected a JSON array of messages but found an object");
		assertThat(ex.messageIndex()).isEqualTo(-1);
		assertThat(ex.jsonPath()).isEqualTo("$");
		assertThat(ex.problem()).isEqualTo("expected a JSON array of messages but found an object");
	}

	@Test
	void reportsAToolMessageWithoutToolCallIdInFull() {
		InvalidConversationException ex = invalid(
				"[" + VALID_FIRST + ", {\"role\": \"assistant\", \"content\": \"Hello\"},"
						+ " {\"role\": \"tool\", \"content\": \"42\"}]");

		assertThat(ex).hasMessage(
				"Invalid conversation in /data/chat.json: message 2 at $[2].tool_call_id: a tool message needs a tool_call_id");
	}

	@Test
	void reportsAnAnonymousTextWithoutSource() {
		InvalidConversationException ex = catchThrowableOfType(InvalidConversationException.class,
				() -> MessageJson.readList("[{\"role\": \"robot\", \"content\": \"beep\"}]", null));

		assertThat(ex).hasMessage("Invalid conversation: message 0 at $[0].role: unknown role 'robot' "
				+ "(expected system, developer, user, assistant, tool or function)");
		assertThat(ex.source()).isNull();
	}

	@Test
	void reportsABadSingleMessageWithoutAListIndex() {
		JsonNode node = JsonMapper.builder()
			.build()
			.readTree("{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c1\"}]}");

		InvalidConversationException ex = catchThrowableOfType(InvalidConversationException.class,
				() -> MessageJson.read(node));

		assertThat(ex).hasMessage("Invalid conversation: at $.tool_calls[0].function: "
				+ "a function tool call needs a function with a name and arguments");
		assertThat(ex.messageIndex()).isEqualTo(-1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badMessages")
	void reportsABadMessageWithItsIndexPathAndProblem(String description, String message, String jsonPath,
			String problem) {
		InvalidConversationException ex = invalid("[" + VALID_FIRST + ", " + message + "]");

		assertThat(ex.source()).isEqualTo(SOURCE);
		assertThat(ex.messageIndex()).isEqualTo(1);
		assertThat(ex.jsonPath()).isEqualTo(jsonPath);
		assertThat(ex.problem()).isEqualTo(problem);
		assertThat(ex).hasMessage("Invalid conversation in " + SOURCE + ": message 1 at " + jsonPath + ": " + problem);
	}

	static Stream<Arguments> badMessages() {
		return Stream.of(
				bad("a message that is not an object", "\"Hello\"", "$[1]",
						"a message must be a JSON object but is a string"),
				bad("an unknown role", "{\"role\": \"robot\", \"content\": \"beep\"}", "$[1].role",
						"unknown role 'robot' (expected system, developer, user, assistant, tool or function)"),
				bad("no role", "{\"content\": \"Hi\"}", "$[1].role", "the message has no role"),
				bad("a null role", "{\"role\": null, \"content\": \"Hi\"}", "$[1].role", "the message has no role"),
				bad("a role that is not a string", "{\"role\": 1, \"content\": \"Hi\"}", "$[1].role",
						"the role must be a string but is a number"),
				bad("a tool message without tool_call_id", "{\"role\": \"tool\", \"content\": \"42\"}",
						"$[1].tool_call_id", "a tool message needs a tool_call_id"),
				bad("a user message without content", "{\"role\": \"user\"}", "$[1].content",
						"a user message needs content"),
				bad("content that is a number", "{\"role\": \"user\", \"content\": 42}", "$[1].content",
						"content must be a string or an array of parts but is a number"),
				bad("content that is an object", "{\"role\": \"system\", \"content\": {\"text\": \"Hi\"}}",
						"$[1].content", "content must be a string or an array of parts but is an object"),
				bad("a name that is not a string", "{\"role\": \"user\", \"content\": \"Hi\", \"name\": 7}",
						"$[1].name", "name must be a string but is a number"),
				bad("a content part of unknown type",
						"{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"}, {\"type\": \"video\"}]}",
						"$[1].content[1].type",
						"unknown content part type 'video' (expected text, image_url, input_audio, file or refusal)"),
				bad("a content part without type", "{\"role\": \"user\", \"content\": [{\"text\": \"a\"}]}",
						"$[1].content[0].type", "a content part has no type"),
				bad("a content part that is a string", "{\"role\": \"user\", \"content\": [\"a\"]}", "$[1].content[0]",
						"a content part must be a JSON object but is a string"),
				bad("a text part without text", "{\"role\": \"user\", \"content\": [{\"type\": \"text\"}]}",
						"$[1].content[0].text", "a text part has no text"),
				bad("a text part whose text is a number",
						"{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 5}]}",
						"$[1].content[0].text", "text must be a string but is a number"),
				bad("an image_url part without url",
						"{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"detail\": \"low\"}}]}",
						"$[1].content[0].image_url.url", "an image_url has no url"),
				bad("an image_url part without image_url",
						"{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"url\": \"https://x.test\"}]}",
						"$[1].content[0].image_url", "an image_url part has no image_url object"),
				bad("an image_url that is a string",
						"{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": \"https://x.test\"}]}",
						"$[1].content[0].image_url", "the image_url value must be a JSON object but is a string"),
				bad("input_audio without format",
						"{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"AA==\"}}]}",
						"$[1].content[0].input_audio.format", "input audio has no format"),
				bad("input_audio without data",
						"{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\", \"input_audio\": {\"format\": \"wav\"}}]}",
						"$[1].content[0].input_audio.data", "input audio has no data"),
				bad("a file without file_id or file_data",
						"{\"role\": \"user\", \"content\": [{\"type\": \"file\", \"file\": {\"filename\": \"a.pdf\"}}]}",
						"$[1].content[0].file", "a file part needs a file_id or file_data"),
				bad("a refusal part without refusal",
						"{\"role\": \"assistant\", \"content\": [{\"type\": \"refusal\"}]}", "$[1].content[0].refusal",
						"a refusal part has no refusal"),
				bad("a tool call without function name",
						"{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\", "
								+ "\"function\": {\"arguments\": \"{}\"}}]}",
						"$[1].tool_calls[0].function.name", "a function call has no name"),
				bad("a function tool call without function",
						"{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\"}]}",
						"$[1].tool_calls[0].function",
						"a function tool call needs a function with a name and arguments"),
				bad("a tool call without id",
						"{\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\", "
								+ "\"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}]}",
						"$[1].tool_calls[0].id", "a tool call has no id"),
				bad("tool_calls that is an object", "{\"role\": \"assistant\", \"tool_calls\": {\"id\": \"c1\"}}",
						"$[1].tool_calls", "tool_calls must be an array but is an object"),
				bad("function arguments that are an object",
						"{\"role\": \"assistant\", \"function_call\": {\"name\": \"f\", \"arguments\": {}}}",
						"$[1].function_call.arguments", "arguments must be a string but is an object"),
				bad("a function message without name", "{\"role\": \"function\", \"content\": \"x\"}", "$[1].name",
						"a function message has no name"),
				bad("assistant audio without id", "{\"role\": \"assistant\", \"audio\": {\"data\": \"AA==\"}}",
						"$[1].audio.id", "assistant audio has no id"),
				bad("audio expiry that is not a whole number",
						"{\"role\": \"assistant\", \"audio\": {\"id\": \"a1\", \"expires_at\": \"soon\"}}",
						"$[1].audio.expires_at", "expires_at must be a whole number but is a string"),
				bad("an incomplete mark without reason",
						"{\"role\": \"assistant\", \"content\": \"Once\", \"incomplete\": {\"detail\": \"x\"}}",
						"$[1].incomplete.reason", "an incomplete mark has no reason"),
				bad("an incomplete mark that is a string",
						"{\"role\": \"assistant\", \"content\": \"Once\", \"incomplete\": \"yes\"}", "$[1].incomplete",
						"an incomplete mark must be a JSON object but is a string"));
	}

	private static Arguments bad(String description, String message, String jsonPath, String problem) {
		return Arguments.of(description, message, jsonPath, problem);
	}

	private static InvalidConversationException invalid(String json) {
		InvalidConversationException fromText = catchThrowableOfType(InvalidConversationException.class,
				() -> MessageJson.readList(json, SOURCE));
		InvalidConversationException fromBytes = catchThrowableOfType(InvalidConversationException.class,
				() -> MessageJson.readList(json.getBytes(StandardCharsets.UTF_8), SOURCE));
		assertThat(fromText).isNotNull();
		assertThat(fromBytes).isNotNull();
		assertThat(fromBytes.jsonPath()).isEqualTo(fromText.jsonPath());
		assertThat(fromBytes.messageIndex()).isEqualTo(fromText.messageIndex());
		return fromText;
	}

}
