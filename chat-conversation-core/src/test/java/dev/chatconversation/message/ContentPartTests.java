package dev.chatconversation.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@link ContentPart} factories.
 */
class ContentPartTests {

	private static final byte[] BYTES = { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 1, 2, 3 };

	@TempDir
	Path folder;

	@Test
	void makesAnImagePartFromAUrlWithAndWithoutDetail() {
		assertThat(ContentPart.imageUrl("https://x.test/a.png"))
			.isEqualTo(new ImageUrlPart(new ImageUrlPart.ImageUrl("https://x.test/a.png", null, Map.of()), Map.of()));
		assertThat(ContentPart.imageUrl("https://x.test/a.png", "high").imageUrl().detail()).isEqualTo("high");
		assertThat(ContentPart.imageUrl("https://x.test/a.png").type()).isEqualTo("image_url");
	}

	@ParameterizedTest
	@CsvSource({ "photo.png, image/png", "photo.jpg, image/jpeg", "photo.JPEG, image/jpeg", "anim.gif, image/gif",
			"pic.webp, image/webp" })
	void readsAnImageFileAsADataUrlWithItsMediaType(String name, String mediaType) throws IOException {
		Path file = Files.write(this.folder.resolve(name), BYTES);

		ImageUrlPart part = ContentPart.imageFile(file);

		assertThat(part.imageUrl().url())
			.isEqualTo("data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(BYTES));
		assertThat(part.imageUrl().detail()).isNull();
	}

	@Test
	void refusesAnImageFileOfUnknownType() throws IOException {
		Path file = Files.write(this.folder.resolve("drawing.svg"), BYTES);

		assertThatIllegalArgumentException().isThrownBy(() -> ContentPart.imageFile(file))
			.withMessage("Cannot tell the image type of " + file + ": use a .png, .jpg, .jpeg, .gif or .webp file");
	}

	@Test
	void reportsAMissingImageFileNamingItsPath() {
		Path file = this.folder.resolve("missing.png");

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> ContentPart.imageFile(file))
			.withMessageContaining(file.toAbsolutePath().toString());
	}

	@ParameterizedTest
	@CsvSource({ "speech.wav, wav", "speech.mp3, mp3", "SPEECH.WAV, wav" })
	void readsAnAudioFileAsBase64WithItsFormat(String name, String format) throws IOException {
		Path file = Files.write(this.folder.resolve(name), BYTES);

		InputAudioPart part = ContentPart.audioFile(file);

		assertThat(part.inputAudio())
			.isEqualTo(new InputAudioPart.InputAudio(Base64.getEncoder().encodeToString(BYTES), format, Map.of()));
		assertThat(part.type()).isEqualTo("input_audio");
	}

	@ParameterizedTest
	@CsvSource({ "speech.ogg", "speech.flac", "speech" })
	void refusesAnAudioFileThatIsNeitherWavNorMp3(String name) throws IOException {
		Path file = Files.write(this.folder.resolve(name), BYTES);

		assertThatIllegalArgumentException().isThrownBy(() -> ContentPart.audioFile(file))
			.withMessage("Cannot tell the audio format of " + file + ": the API takes .wav or .mp3 files");
	}

	@Test
	void reportsAnAudioPathThatIsAFolderNamingIt() throws IOException {
		Path file = Files.createDirectory(this.folder.resolve("speech.wav"));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> ContentPart.audioFile(file))
			.withMessageContaining(file.toAbsolutePath().toString());
	}

	@ParameterizedTest
	@CsvSource({ "report.pdf, application/pdf", "notes.txt, text/plain", "data.json, application/json",
			"scan.png, image/png", "archive.bin, application/octet-stream" })
	void readsAFileAsInlineDataWithItsName(String name, String mediaType) throws IOException {
		Path file = Files.write(this.folder.resolve(name), BYTES);

		FilePart part = ContentPart.file(file);

		assertThat(part.file()).isEqualTo(new FilePart.FileRef(null,
				"data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(BYTES), name, Map.of()));
	}

	@Test
	void refersToAnUploadedFileById() {
		assertThat(ContentPart.fileId("file-abc").file())
			.isEqualTo(new FilePart.FileRef("file-abc", null, null, Map.of()));
	}

	@Test
	void writesPartsMadeFromFilesAsTheApiExpects() throws IOException {
		Path image = Files.write(this.folder.resolve("a.png"), BYTES);
		Path audio = Files.write(this.folder.resolve("a.mp3"), BYTES);
		Path pdf = Files.write(this.folder.resolve("a.pdf"), BYTES);
		String base64 = Base64.getEncoder().encodeToString(BYTES);

		String json = MessageJson.writeList(List.of(Message.user(List.of(ContentPart.text("Look"),
				ContentPart.imageFile(image), ContentPart.audioFile(audio), ContentPart.file(pdf)))), false);

		assertThat(json).isEqualTo("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Look\"},"
				+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + base64 + "\"}},"
				+ "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"" + base64 + "\",\"format\":\"mp3\"}},"
				+ "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64," + base64
				+ "\",\"filename\":\"a.pdf\"}}]}]");
	}

}
