package dev.chatconversation.transcript;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.chatconversation.message.AssistantAudio;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.FilePart;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.InputAudioPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.RefusalPart;
import dev.chatconversation.message.ToolCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TranscriptExport}.
 */
class TranscriptExportTests {

	private static final List<Message> README_EXAMPLE = List.of(Message.user(List.of(ContentPart.imageUrl(
			"https://upload.wikimedia.org/wikipedia/commons/thumb/4/47/PNG_transparency_demonstration_1.png/640px-PNG_transparency_demonstration_1.png"),
			ContentPart.text("Describe what's in this image."), ContentPart.text("Then, describe this dog."),
			ContentPart.imageUrl("https://images.unsplash.com/photo-1518717758536-85ae29035b6d"),
			ContentPart.text("What are the main differences between them?"))), Message.assistant("…"));

	@Test
	void whenAUserMessageHasSeveralPartsThenTheTextNumbersThePiecesThePythonLibrarySplitsItInto() {
		assertThat(TranscriptExport.toText(README_EXAMPLE)).isEqualTo(
				"""
						User [1]:

						<img src='https://upload.wikimedia.org/wikipedia/commons/thumb/4/47/PNG_transparency_demonstration_1.png/640px-PNG_transparency_demonstration_1.png' />

						User [2]:

						Describe what's in this image.

						User [3]:

						Then, describe this dog.

						<img src='https://images.unsplash.com/photo-1518717758536-85ae29035b6d' />

						User [4]:

						What are the main differences between them?

						Assistant [4]:

						…""");
	}

	@Test
	void exportsTheReadmeExampleAsMarkdownWithOneParagraphPerPart() {
		assertThat(TranscriptExport.toMarkdown(README_EXAMPLE)).isEqualTo(
				"""
						### User [1]

						![image](https://upload.wikimedia.org/wikipedia/commons/thumb/4/47/PNG_transparency_demonstration_1.png/640px-PNG_transparency_demonstration_1.png)

						Describe what's in this image.

						Then, describe this dog.

						![image](https://images.unsplash.com/photo-1518717758536-85ae29035b6d)

						What are the main differences between them?

						### Assistant [1]

						…
						""");
	}

	@Test
	void whenRepliesFollowAUserMessageThenTheyCarryItsNumber() {
		List<Message> messages = List.of(Message.assistant("Welcome!"), Message.user("Hi"), Message.assistant("Hello"),
				Message.assistant("How can I help?"), Message.user("Tell me a joke"),
				Message.assistant("Knock knock."));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				Assistant [0]:

				Welcome!

				User [1]:

				Hi

				Assistant [1]:

				Hello

				Assistant [1]:

				How can I help?

				User [2]:

				Tell me a joke

				Assistant [2]:

				Knock knock.""");
	}

	@Test
	void whenTheHistoryHasSystemAndDeveloperMessagesThenTheyGetHeadingsOfTheirOwn() {
		List<Message> messages = List.of(Message.system("Be brief."), Message.developer("Answer in French."),
				Message.user("Hi"));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				System:

				Be brief.

				Developer:

				Answer in French.

				User [1]:

				Hi""");
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("""
				### System

				Be brief.

				### Developer

				Answer in French.

				### User [1]

				Hi
				""");
	}

	@Test
	void whenTheHistoryHasToolCallsThenTheyFollowTheTextAndTheirResultsGetHeadings() {
		assertThat(TranscriptExport.toText(toolConversation())).isEqualTo("""
				User [1]:

				Weather in Paris and Rome?

				Assistant [1]:

				Let me check.

				[tool call get_weather({"city":"Paris"}) id=call_1]

				[tool call get_weather({"city":"Rome"}) id=call_2]

				Tool result [call_1]:

				18°C

				Tool result [call_2]:

				24°C

				Assistant [1]:

				Paris 18°C, Rome 24°C.""");
	}

	@Test
	void whenTheHistoryIsTheReadmeExtendedExampleThenTheTextIsTheOneTheReadmeShows() {
		List<Message> messages = List.of(Message.system("Be brief."),
				Message.user(List.of(ContentPart.text("Weather in Paris?"),
						ContentPart.imageUrl("https://images.unsplash.com/photo-1518717758536-85ae29035b6d"))),
				AssistantMessage.builder()
					.content("Let me check.")
					.toolCall(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}"))
					.build(),
				Message.tool("call_1", "18°C"), Message.assistant("Paris is at 18°C."));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				System:

				Be brief.

				User [1]:

				Weather in Paris?

				<img src='https://images.unsplash.com/photo-1518717758536-85ae29035b6d' />

				Assistant [1]:

				Let me check.

				[tool call get_weather({"city":"Paris"}) id=call_1]

				Tool result [call_1]:

				18°C

				Assistant [1]:

				Paris is at 18°C.""");
	}

	@Test
	void writesToolCallsAsFencedJsonInMarkdown() {
		assertThat(TranscriptExport.toMarkdown(toolConversation())).isEqualTo("""
				### User [1]

				Weather in Paris and Rome?

				### Assistant [1]

				Let me check.

				**Tool call** `get_weather` (call_1)
				```json
				{"city":"Paris"}
				```

				**Tool call** `get_weather` (call_2)
				```json
				{"city":"Rome"}
				```

				### Tool result (call_1)

				18°C

				### Tool result (call_2)

				24°C

				### Assistant [1]

				Paris 18°C, Rome 24°C.
				""");
	}

	@Test
	void lengthensTheFenceWhenTheArgumentsHoldBackticks() {
		List<Message> messages = List.of(AssistantMessage.builder()
			.toolCall(ToolCall.function("call_1", "run", "{\"code\":\"```sh\\nls\\n```\"}"))
			.build());
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("""
				### Assistant [0]

				**Tool call** `run` (call_1)
				````json
				{"code":"```sh\\nls\\n```"}
				````
				""");
	}

	@Test
	void writesToolCallsOfOtherTypesByTheirType() {
		List<Message> messages = List
			.of(AssistantMessage.builder().toolCall(new ToolCall("call_1", "custom", null, Map.of())).build());
		assertThat(TranscriptExport.toText(messages)).isEqualTo("Assistant [0]:\n\n[tool call custom id=call_1]");
		assertThat(TranscriptExport.toMarkdown(messages))
			.isEqualTo("### Assistant [0]\n\n**Tool call** `custom` (call_1)\n");
	}

	@Test
	void writesLegacyFunctionCallsAndTheirResults() {
		List<Message> messages = List.of(Message.user("Time?"),
				AssistantMessage.builder().functionCall(FunctionCall.of("now", "{}")).build(),
				new FunctionMessage("now", "12:00", Map.of()));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				User [1]:

				Time?

				Assistant [1]:

				[function call now({})]

				Function result [now]:

				12:00""");
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("""
				### User [1]

				Time?

				### Assistant [1]

				**Function call** `now`
				```json
				{}
				```

				### Function result (now)

				12:00
				""");
	}

	@Test
	void whenAnImageIsADataUrlThenTheTextWritesItWholeAsThePythonLibraryDoes() {
		String url = "data:image/png;base64," + base64(12595);
		List<Message> messages = List.of(Message.user(List.of(ContentPart.imageUrl(url))));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("User [1]:\n\n<img src='" + url + "' />");
		assertThat(TranscriptExport.toMarkdown(messages))
			.isEqualTo("### User [1]\n\n![image](<data:image/png;base64,…(12.3 KB)>)\n");
	}

	@Test
	void shortensDataUrlsInMarkdownBetweenAngleBrackets() {
		String url = "data:image/jpeg;base64," + base64(2048);
		List<Message> messages = List.of(Message.user(List.of(ContentPart.imageUrl(url))));
		assertThat(TranscriptExport.toMarkdown(messages))
			.isEqualTo("### User [1]\n\n![image](<data:image/jpeg;base64,…(2.0 KB)>)\n");
	}

	@Test
	void shortensDataUrlsThatAreNotBase64ToTheirLength() {
		String url = "data:image/svg+xml," + "a".repeat(1536);
		assertThat(Marks.abbreviate(url)).isEqualTo("data:image/svg+xml,…(1.5 KB)");
	}

	@Test
	void whenAnImageUrlHoldsQuotesThenTheTextWritesItUnchangedAsThePythonLibraryDoes() {
		List<Message> messages = List.of(Message.user(List.of(ContentPart.imageUrl("https://example.com/it's.png"))));
		assertThat(TranscriptExport.toText(messages))
			.isEqualTo("User [1]:\n\n<img src='https://example.com/it's.png' />");
	}

	@Test
	void wrapsMarkdownImageUrlsWithParenthesesInAngleBrackets() {
		List<Message> messages = List
			.of(Message.user(List.of(ContentPart.imageUrl("https://example.com/Dog_(breed).png"))));
		assertThat(TranscriptExport.toMarkdown(messages))
			.isEqualTo("### User [1]\n\n![image](<https://example.com/Dog_(breed).png>)\n");
	}

	@Test
	void whenTheHistoryIsOneThePythonLibraryCannotLoadThenIncompleteRepliesAreMarked() {
		List<Message> messages = List.of(Message.user("Story?"),
				AssistantMessage.builder()
					.content("Once upon")
					.incomplete(new Incomplete(Incomplete.ERROR, "Connection reset"))
					.build(),
				Message.user("Again?"),
				AssistantMessage.builder()
					.content("Once")
					.incomplete(new Incomplete(Incomplete.CANCELLED, null))
					.build(),
				Message.system("Be brief."));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				User [1]:

				Story?

				Assistant [1]:

				Once upon

				[incomplete: error (Connection reset)]

				User [2]:

				Again?

				Assistant [2]:

				Once

				[incomplete: cancelled]

				System:

				Be brief.""");
		assertThat(TranscriptExport.toMarkdown(messages.subList(1, 2))).isEqualTo("""
				### Assistant [0]

				Once upon

				> *Incomplete: error (Connection reset)*
				""");
	}

	@Test
	void whenTheHistoryIsOneThePythonLibraryCanLoadThenTheFieldsItIgnoresAreNotShown() {
		List<Message> messages = List.of(Message.user("Story?"),
				AssistantMessage.builder()
					.content("Once upon")
					.refusal("No more.")
					.toolCall(ToolCall.function("call_1", "lookup", "{}"))
					.incomplete(new Incomplete(Incomplete.ERROR, "Connection reset"))
					.build());
		assertThat(TranscriptExport.toText(messages)).isEqualTo("User [1]:\n\nStory?\n\nAssistant [1]:\n\nOnce upon");
	}

	@Test
	void whenARefusalIsInTheFieldOrInAContentPartThenTheTextMarksIt() {
		List<Message> messages = List.of(AssistantMessage.builder().refusal("I can't help with that.").build(),
				AssistantMessage.builder().content(Content.of(List.of(new RefusalPart("No.", Map.of())))).build());
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				Assistant [0]:

				[refusal] I can't help with that.

				Assistant [0]:

				[refusal] No.""");
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("""
				### Assistant [0]

				> **Refused:** I can't help with that.

				### Assistant [0]

				> **Refused:** No.
				""");
	}

	@Test
	void whenMessagesHoldAudioAndFilesThenTheTextDescribesThemWithoutTheirData() {
		InputAudioPart audio = new InputAudioPart(new InputAudioPart.InputAudio(base64(2048), "wav", Map.of()),
				Map.of());
		FilePart named = new FilePart(
				new FilePart.FileRef(null, "data:application/pdf;base64," + base64(10), "report.pdf", Map.of()),
				Map.of());
		FilePart unnamed = new FilePart(
				new FilePart.FileRef(null, "data:application/pdf;base64," + base64(1024), null, Map.of()), Map.of());
		List<Message> messages = List.of(Message.user(List.of(audio, named, ContentPart.fileId("file-abc"), unnamed)),
				AssistantMessage.builder()
					.audio(new AssistantAudio("audio_1", base64(10), "Hi!", null, Map.of()))
					.build(),
				AssistantMessage.builder().audio(new AssistantAudio("audio_2", null, null, null, Map.of())).build());
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				User [1]:

				[audio: wav, 2.0 KB]

				User [2]:

				[file: report.pdf]

				User [3]:

				[file: file-abc]

				User [4]:

				[file: data:application/pdf;base64,…(1.0 KB)]

				Assistant [4]:

				[audio reply: Hi!]

				Assistant [4]:

				[audio reply: audio_2]""");
	}

	@Test
	void leavesReasoningContentOut() {
		List<Message> messages = List
			.of(AssistantMessage.builder().reasoningContent("The user wants 4.").content("4").build());
		assertThat(TranscriptExport.toText(messages)).isEqualTo("Assistant [0]:\n\n4");
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("### Assistant [0]\n\n4\n");
	}

	@Test
	void whenTextsAreNotAsciiThenTheyAreWrittenUnchanged() {
		List<Message> messages = List.of(Message.user("¿Qué es 東京? 🗼"),
				Message.assistant("Tōkyō — Japans hoofdstad 🇯🇵"));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("""
				User [1]:

				¿Qué es 東京? 🗼

				Assistant [1]:

				Tōkyō — Japans hoofdstad 🇯🇵""");
	}

	@Test
	void whenTextsEndWithLineBreaksThenTheTextKeepsThemAndMarkdownDropsThem() {
		List<Message> messages = List.of(Message.user("line one\n\nline two\n\n"), Message.assistant("ok\r\n"));
		assertThat(TranscriptExport.toText(messages))
			.isEqualTo("User [1]:\n\nline one\n\nline two\n\n\n\nAssistant [1]:\n\nok\r\n");
		assertThat(TranscriptExport.toMarkdown(messages))
			.isEqualTo("### User [1]\n\nline one\n\nline two\n\n### Assistant [1]\n\nok\n");
	}

	@Test
	void whenTextsAreEmptyThenTheUserTextIsLeftOutAndTheEmptyReplyKept() {
		List<Message> messages = List.of(Message.user(""), Message.assistant(""));
		assertThat(TranscriptExport.toText(messages)).isEqualTo("User [1]:\n\nAssistant [1]:\n\n");
		assertThat(TranscriptExport.toMarkdown(messages)).isEqualTo("### User [1]\n\n### Assistant [1]\n");
	}

	@Test
	void whenTheConversationIsEmptyThenBothTranscriptsAreEmpty() {
		assertThat(TranscriptExport.toText(List.of())).isEmpty();
		assertThat(TranscriptExport.toMarkdown(List.of())).isEmpty();
	}

	@Test
	void whenATranscriptEndsThenTheTextHasNoFinalLineBreakAndMarkdownOne() {
		assertThat(TranscriptExport.toText(List.of(Message.user("Hi")))).isEqualTo("User [1]:\n\nHi");
		assertThat(TranscriptExport.toMarkdown(List.of(Message.user("Hi")))).isEqualTo("### User [1]\n\nHi\n");
	}

	private static List<Message> toolConversation() {
		return List.of(Message.user("Weather in Paris and Rome?"),
				AssistantMessage.builder()
					.content("Let me check.")
					.toolCall(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}"))
					.toolCall(ToolCall.function("call_2", "get_weather", "{\"city\":\"Rome\"}"))
					.build(),
				Message.tool("call_1", "18°C"), Message.tool("call_2", "24°C"),
				Message.assistant("Paris 18°C, Rome 24°C."));
	}

	private static String base64(int bytes) {
		return Base64.getEncoder().encodeToString(new byte[bytes]);
	}

}
