package dev.chatconversation.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One part of a message's content: text, an image, input audio, a file, or (on assistant
 * messages) a refusal.
 */
public sealed interface ContentPart permits TextPart, ImageUrlPart, InputAudioPart, FilePart, RefusalPart {

	/**
	 * The part's {@code type} on the wire.
	 * @return the type
	 */
	String type();

	/**
	 * The JSON fields of this part that the library does not model.
	 * @return the unmodelled fields
	 */
	Map<String, JsonNode> extra();

	/**
	 * A text part.
	 * @param text the text
	 * @return the part
	 */
	static TextPart text(String text) {
		return new TextPart(text, Map.of());
	}

	/**
	 * An image given by URL (an {@code https:} or {@code data:} URL).
	 * @param url the image URL
	 * @return the part
	 */
	static ImageUrlPart imageUrl(String url) {
		return new ImageUrlPart(new ImageUrlPart.ImageUrl(url, null, Map.of()), Map.of());
	}

	/**
	 * An image given by URL with a detail level ({@code low}, {@code high} or
	 * {@code auto}).
	 * @param url the image URL
	 * @param detail the detail level
	 * @return the part
	 */
	static ImageUrlPart imageUrl(String url, String detail) {
		return new ImageUrlPart(new ImageUrlPart.ImageUrl(url, detail, Map.of()), Map.of());
	}

	/**
	 * An image read from a local file and sent inline as a {@code data:} URL. The media
	 * type comes from the file name ({@code .png}, {@code .jpg}, {@code .jpeg},
	 * {@code .gif}, {@code .webp}).
	 * @param file the image file
	 * @return the part
	 * @throws UncheckedIOException if the file cannot be read (the message names the
	 * path)
	 * @throws IllegalArgumentException if the file name has no known image extension
	 */
	static ImageUrlPart imageFile(Path file) {
		String mediaType = MediaTypes.image(file);
		String data = Base64.getEncoder().encodeToString(read(file));
		return imageUrl("data:" + mediaType + ";base64," + data);
	}

	/**
	 * Input audio read from a local {@code .wav} or {@code .mp3} file, sent
	 * base64-encoded.
	 * @param file the audio file
	 * @return the part
	 * @throws UncheckedIOException if the file cannot be read (the message names the
	 * path)
	 * @throws IllegalArgumentException if the file is neither {@code .wav} nor
	 * {@code .mp3}
	 */
	static InputAudioPart audioFile(Path file) {
		String format = MediaTypes.audioFormat(file);
		return new InputAudioPart(
				new InputAudioPart.InputAudio(Base64.getEncoder().encodeToString(read(file)), format, Map.of()),
				Map.of());
	}

	/**
	 * A file read from disk and sent inline ({@code file_data} as a {@code data:} URL,
	 * with its file name), as the API accepts for PDFs.
	 * @param file the file
	 * @return the part
	 * @throws UncheckedIOException if the file cannot be read (the message names the
	 * path)
	 */
	static FilePart file(Path file) {
		String mediaType = MediaTypes.file(file);
		String data = "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(read(file));
		Path name = file.getFileName();
		return new FilePart(new FilePart.FileRef(null, data, (name != null) ? name.toString() : null, Map.of()),
				Map.of());
	}

	/**
	 * A file already uploaded to the provider, given by its id.
	 * @param fileId the provider's file id
	 * @return the part
	 */
	static FilePart fileId(String fileId) {
		return new FilePart(new FilePart.FileRef(fileId, null, null, Map.of()), Map.of());
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file.toAbsolutePath() + ": " + ex.getMessage(), ex);
		}
	}

}
