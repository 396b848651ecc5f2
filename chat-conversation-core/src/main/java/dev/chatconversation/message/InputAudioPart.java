package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * An {@code input_audio} content part: base64-encoded audio in a user message.
 *
 * @param inputAudio the audio
 * @param extra fields of the part the library does not model
 */
public record InputAudioPart(InputAudio inputAudio, Map<String, JsonNode> extra) implements ContentPart {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("type", "input_audio");

	public InputAudioPart {
		Objects.requireNonNull(inputAudio, "inputAudio");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String type() {
		return "input_audio";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

	/**
	 * The {@code input_audio} object.
	 *
	 * @param data the base64-encoded audio
	 * @param format the audio format ({@code wav} or {@code mp3})
	 * @param extra fields of the object the library does not model
	 */
	public record InputAudio(String data, String format, Map<String, JsonNode> extra) {

		/** The JSON fields this type models; any other field goes to {@code extra}. */
		static final Set<String> FIELDS = Set.of("data", "format");

		public InputAudio {
			Objects.requireNonNull(data, "data");
			Objects.requireNonNull(format, "format");
			extra = Extra.copy(extra, FIELDS);
		}

		@Override
		public Map<String, JsonNode> extra() {
			return Extra.view(this.extra);
		}

	}

}
