package dev.chatconversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for saving and loading a {@link ChatCompletionsConversation}: the file format,
 * atomic saves, I/O errors and an unchanged history when loading fails.
 */
class ConversationPersistenceTests {

	@TempDir
	Path folder;

	@Test
	void savesTheHistoryAndLoadsItBackIntoAnotherConversation() {
		ChatCompletionsConversation conversation = conversationWith(Message.system("Be brief."),
				Message.user(List.of(ContentPart.text("What is this?"), ContentPart.imageUrl("https://x.test/a.png"))),
				Message.assistant("A cat."));
		Path file = this.folder.resolve("chat.json");

		conversation.saveToJsonFile(file);
		ChatCompletionsConversation loaded = conversation();
		loaded.loadFromJsonFile(file);

		assertThat(loaded.messages()).isEqualTo(conversation.messages()).hasSize(3);
	}

	@Test
	void savesTheSameTextAsToJson() throws IOException {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"), Message.assistant("Hello"));
		Path file = this.folder.resolve("chat.json");

		conversation.saveToJsonFile(file);

		assertThat(Files.readString(file)).isEqualTo(conversation.toJson());
		assertThat(conversation.toJson()).isEqualTo("""
				[
				  {
				    "role": "user",
				    "content": "Hi"
				  },
				  {
				    "role": "assistant",
				    "content": "Hello"
				  }
				]""");
	}

	@Test
	void loadingReplacesTheWholeHistory() {
		ChatCompletionsConversation conversation = conversationWith(Message.system("Old"),
				Message.user("Old question"));

		conversation.loadFromJson("[{\"role\": \"user\", \"content\": \"New question\"}]");

		assertThat(conversation.messages()).containsExactly(Message.user("New question"));
	}

	@Test
	void writesNonAsciiTextAsUtf8WithoutEscapes() throws IOException {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Café, 日本, 😀"));
		Path file = this.folder.resolve("chat.json");

		conversation.saveToJsonFile(file);

		byte[] bytes = Files.readAllBytes(file);
		assertThat(bytes).containsSequence("é".getBytes(StandardCharsets.UTF_8))
			.containsSequence("日本".getBytes(StandardCharsets.UTF_8))
			.containsSequence("😀".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\\u");
		ChatCompletionsConversation loaded = conversation();
		loaded.loadFromJsonFile(file);
		assertThat(loaded.messages().get(0).text()).isEqualTo("Café, 日本, 😀");
	}

	@Test
	void keepsTheIncompleteMarkAndFinishReasonAcrossSaveAndLoad() {
		AssistantMessage reply = AssistantMessage.builder()
			.content("Once upon")
			.finishReason("length")
			.incomplete(new Incomplete(Incomplete.TIMEOUT, "no data for 30s"))
			.build();
		ChatCompletionsConversation conversation = conversationWith(Message.user("Story?"), reply);
		Path file = this.folder.resolve("chat.json");

		conversation.saveToJsonFile(file);
		ChatCompletionsConversation loaded = conversation();
		loaded.loadFromJsonFile(file);

		assertThat(loaded.messages().get(1)).isEqualTo(reply);
		assertThat(conversation.toJson()).contains("\"finish_reason\": \"length\"", "\"incomplete\": {");
	}

	@Test
	void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
		Path file = Files.writeString(this.folder.resolve("chat.json"),
				"old content that is longer than the new one " + "x".repeat(500));

		conversationWith(Message.user("Hi")).saveToJsonFile(file);

		assertThat(Files.readString(file)).isEqualTo(conversationWith(Message.user("Hi")).toJson());
		assertThat(filesIn(this.folder)).containsExactly("chat.json");
	}

	@Test
	void aFailedSaveLeavesTheExistingFileByteIdenticalAndNoTemporaryFile() throws IOException {
		Path file = this.folder.resolve("chat.json");
		ChatCompletionsConversation original = conversationWith(Message.user("Keep me"));
		original.saveToJsonFile(file);
		byte[] before = Files.readAllBytes(file);
		Path blocker = Files.createDirectory(this.folder.resolve("blocker.json"));
		Files.writeString(blocker.resolve("inside.txt"), "not empty");
		ChatCompletionsConversation other = conversationWith(Message.user("Other"));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> other.saveToJsonFile(blocker))
			.withMessageStartingWith("Cannot save conversation to " + blocker.toAbsolutePath() + ": ");

		assertThat(Files.readAllBytes(file)).isEqualTo(before);
		assertThat(Files.readString(blocker.resolve("inside.txt"))).isEqualTo("not empty");
		assertThat(filesIn(this.folder)).containsExactlyInAnyOrder("chat.json", "blocker.json");
	}

	@Test
	void aSaveIntoAFolderThatIsAFileFailsNamingThePath() throws IOException {
		Path notAFolder = Files.writeString(this.folder.resolve("plain.txt"), "I am a file");
		Path file = notAFolder.resolve("chat.json");

		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> conversationWith(Message.user("Hi")).saveToJsonFile(file))
			.withMessageStartingWith("Cannot save conversation to " + file.toAbsolutePath() + ": ");
		assertThat(Files.readString(notAFolder)).isEqualTo("I am a file");
	}

	@Test
	void aSaveIntoAMissingFolderFailsNamingThePath() {
		Path file = this.folder.resolve("missing").resolve("chat.json");

		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> conversationWith(Message.user("Hi")).saveToJsonFile(file))
			.withMessageStartingWith("Cannot save conversation to " + file.toAbsolutePath()
					+ ": no such file or folder (" + file.getParent().toAbsolutePath());
	}

	@Test
	void savingThroughASymbolicLinkReplacesTheLinkedFileAndKeepsTheLink() throws IOException {
		Path real = Files.writeString(Files.createDirectory(this.folder.resolve("real")).resolve("chat.json"), "[]");
		Path link = Files.createSymbolicLink(this.folder.resolve("link.json"), real);
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"));

		conversation.saveToJsonFile(link);

		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(Files.readString(real)).isEqualTo(conversation.toJson());
	}

	@Test
	void savingKeepsThePermissionsOfAnExistingFile() throws IOException {
		Path file = Files.writeString(this.folder.resolve("chat.json"), "[]");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

		conversationWith(Message.user("Hi")).saveToJsonFile(file);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
	}

	@Test
	void loadingAMissingFileFailsNamingThePathAndKeepsTheHistory() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Keep me"));
		Path file = this.folder.resolve("missing.json");

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> conversation.loadFromJsonFile(file))
			.withMessage("Cannot load conversation from " + file.toAbsolutePath() + ": no such file or folder ("
					+ file.toAbsolutePath() + ")");
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	@Test
	void loadingAPathThatCannotBeReadFailsNamingThePathAndKeepsTheHistory() throws IOException {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Keep me"));
		Path directory = Files.createDirectory(this.folder.resolve("chat.json"));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> conversation.loadFromJsonFile(directory))
			.withMessageStartingWith("Cannot load conversation from " + directory.toAbsolutePath() + ": ");
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	@Test
	void loadingAnInvalidFileFailsNamingTheFileAndKeepsTheHistory() throws IOException {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Keep me"));
		Path file = Files.writeString(this.folder.resolve("bad.json"),
				"[{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"tool\", \"content\": \"42\"}]");

		assertThatExceptionOfType(InvalidConversationException.class)
			.isThrownBy(() -> conversation.loadFromJsonFile(file))
			.withMessage("Invalid conversation in " + file.toAbsolutePath()
					+ ": message 1 at $[1].tool_call_id: a tool message needs a tool_call_id")
			.satisfies((ex) -> assertThat(ex.source()).isEqualTo(file.toAbsolutePath().toString()));
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	@Test
	void loadingAFileThatIsNotJsonGivesTheLineAndColumnAndKeepsTheHistory() throws IOException {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Keep me"));
		Path file = Files.writeString(this.folder.resolve("bad.json"), "[\n  {\"role\": \"user\"\n");

		assertThatExceptionOfType(InvalidConversationException.class)
			.isThrownBy(() -> conversation.loadFromJsonFile(file))
			.withMessageStartingWith(
					"Invalid conversation in " + file.toAbsolutePath() + ": at $: the text is not valid JSON (line ");
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	@Test
	void loadingInvalidJsonTextKeepsTheHistory() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Keep me"));

		assertThatExceptionOfType(InvalidConversationException.class)
			.isThrownBy(() -> conversation.loadFromJson("[{\"role\": \"user\", \"content\": 42}]"))
			.withMessage("Invalid conversation: message 0 at $[0].content: "
					+ "content must be a string or an array of parts but is a number");
		assertThat(conversation.messages()).containsExactly(Message.user("Keep me"));
	}

	private static List<String> filesIn(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private static ChatCompletionsConversation conversationWith(Message... messages) {
		ChatCompletionsConversation conversation = conversation();
		for (Message message : messages) {
			conversation.appendMessage(message);
		}
		return conversation;
	}

	private static ChatCompletionsConversation conversation() {
		return new ChatCompletionsConversation(null, "http://localhost:1/v1", "test-model");
	}

}
