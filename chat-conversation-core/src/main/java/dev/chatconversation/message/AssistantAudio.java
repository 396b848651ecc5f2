package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Audio the model produced for an assistant message (with {@code modalities: ["audio"]});
 * a later request refers to it by {@code id}.
 *
 * @param id the audio id
 * @param data the base64-encoded audio, when the response carried it
 * @param transcript the transcript of the audio, when known
 * @param expiresAt when the provider forgets the audio (Unix seconds)
 * @param extra fields of the object the library does not model
 */
public record AssistantAudio(String id, @Nullable String data, @Nullable String transcript, @Nullable Long expiresAt,
		Map<String, JsonNode> extra) {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("id", "data", "transcript", "expires_at");

	public AssistantAudio {
		Objects.requireNonNull(id, "id");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
