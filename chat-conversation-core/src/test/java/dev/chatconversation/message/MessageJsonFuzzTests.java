package dev.chatconversation.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the reader of saved conversations (issue 16): any bytes are read into a message
 * list or rejected with {@link InvalidConversationException}, nothing else, and a list
 * that was read is written and read back unchanged. Regression mode replays
 * {@code MessageJsonFuzzTestsInputs/}; {@code -Pfuzz} fuzzes.
 */
class MessageJsonFuzzTests {

	@FuzzTest(maxDuration = "3m")
	void anyBytesAreReadAsMessagesOrRejectedAndWhatIsReadWritesBackTheSame(byte[] input) {
		List<Message> fromBytes = readOrNull(() -> MessageJson.readList(input, "fuzz.json"));
		String text = new String(input, StandardCharsets.UTF_8);
		List<Message> fromText = readOrNull(() -> MessageJson.readList(text, "fuzz.json"));
		if (fromBytes != null) {
			assertRoundTrip(fromBytes);
		}
		if (fromText != null) {
			assertRoundTrip(fromText);
		}
		// invalid UTF-8 becomes U+FFFD in the text but may be read otherwise from bytes
		if (fromBytes != null && fromText != null && isUtf8(input)) {
			assertThat(fromText).isEqualTo(fromBytes);
		}
	}

	private static boolean isUtf8(byte[] input) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static void assertRoundTrip(List<Message> messages) {
		assertThat(MessageJson.readList(MessageJson.writeList(messages, false), null)).isEqualTo(messages);
		assertThat(MessageJson.readList(MessageJson.writeList(messages, true), null)).isEqualTo(messages);
	}

	/** The messages, or {@code null} if they were rejected the documented way. */
	private static List<Message> readOrNull(Reading reading) {
		try {
			return reading.read();
		}
		catch (InvalidConversationException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return null;
		}
	}

	private interface Reading {

		List<Message> read();

	}

}
