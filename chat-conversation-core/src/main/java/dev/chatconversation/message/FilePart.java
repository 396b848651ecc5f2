package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@code file} content part: a file uploaded earlier (by id) or sent inline.
 *
 * @param file the file reference
 * @param extra fields of the part the library does not model
 */
public record FilePart(FileRef file, Map<String, JsonNode> extra) implements ContentPart {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("type", "file");

	public FilePart {
		Objects.requireNonNull(file, "file");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String type() {
		return "file";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

	/**
	 * The {@code file} object; at least one of {@code fileId} and {@code fileData} is
	 * set.
	 *
	 * @param fileId the id of an uploaded file
	 * @param fileData the file's content as a base64 {@code data:} URL
	 * @param filename the file name shown to the model
	 * @param extra fields of the object the library does not model
	 */
	public record FileRef(@Nullable String fileId, @Nullable String fileData, @Nullable String filename,
			Map<String, JsonNode> extra) {

		/** The JSON fields this type models; any other field goes to {@code extra}. */
		static final Set<String> FIELDS = Set.of("file_id", "file_data", "filename");

		public FileRef {
			if (fileId == null && fileData == null) {
				throw new IllegalArgumentException("A file part needs a file_id or file_data");
			}
			extra = Extra.copy(extra, FIELDS);
		}

		@Override
		public Map<String, JsonNode> extra() {
			return Extra.view(this.extra);
		}

	}

}
