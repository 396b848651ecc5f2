package dev.chatconversation.message;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Media types guessed from file names for inline content.
 */
final class MediaTypes {

	private static final Map<String, String> IMAGES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
			"image/jpeg", "gif", "image/gif", "webp", "image/webp");

	private MediaTypes() {
	}

	static String image(Path file) {
		String type = IMAGES.get(extension(file));
		if (type == null) {
			throw new IllegalArgumentException(
					"Cannot tell the image type of " + file + ": use a .png, .jpg, .jpeg, .gif or .webp file");
		}
		return type;
	}

	static String audioFormat(Path file) {
		String extension = extension(file);
		if (!extension.equals("wav") && !extension.equals("mp3")) {
			throw new IllegalArgumentException(
					"Cannot tell the audio format of " + file + ": the API takes .wav or .mp3 files");
		}
		return extension;
	}

	static String file(Path file) {
		String extension = extension(file);
		return switch (extension) {
			case "pdf" -> "application/pdf";
			case "txt" -> "text/plain";
			case "json" -> "application/json";
			default -> IMAGES.getOrDefault(extension, "application/octet-stream");
		};
	}

	private static String extension(Path file) {
		Path name = file.getFileName();
		String text = (name != null) ? name.toString() : "";
		int dot = text.lastIndexOf('.');
		return (dot < 0) ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

}
