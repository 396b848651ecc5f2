package dev.chatconversation.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the conversation file on its own, without a conversation: what is written is
 * the indented message list and reads back as the same messages.
 */
class ConversationFileTests {

	private static final List<Message> MESSAGES = List.of(Message.system("Be brief."),
			Message.user(List.of(ContentPart.text("Et ça ?"), ContentPart.imageUrl("https://example.com/a.png"))),
			Message.assistant("Un chat."));

	@TempDir
	Path folder;

	@Test
	void whenMessagesAreWrittenThenTheFileIsTheIndentedMessageListAndReadsBackTheSame() throws IOException {
		Path file = this.folder.resolve("chat.json");

		ConversationFile.write(file, MESSAGES);

		assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(MessageJson.writeList(MESSAGES, true));
		assertThat(ConversationFile.read(file)).isEqualTo(MESSAGES);
		try (Stream<Path> entries = Files.list(this.folder)) {
			assertThat(entries).containsExactly(file);
		}
	}

	@Test
	void whenTheFileIsMissingOrInvalidThenTheErrorNamesIt() throws IOException {
		Path missing = this.folder.resolve("missing.json");
		Path invalid = Files.writeString(this.folder.resolve("invalid.json"), "[{\"role\": \"robot\"}]");

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> ConversationFile.read(missing))
			.withMessageContaining(missing.toAbsolutePath().toString())
			.withMessageContaining("no such file");
		assertThatExceptionOfType(InvalidConversationException.class).isThrownBy(() -> ConversationFile.read(invalid))
			.withMessageContaining(invalid.toAbsolutePath().toString());
	}

}
