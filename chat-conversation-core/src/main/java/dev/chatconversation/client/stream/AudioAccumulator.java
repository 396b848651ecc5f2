package dev.chatconversation.client.stream;

import java.util.Map;

import dev.chatconversation.message.AssistantAudio;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Assembles the pieces of generated audio ({@code delta.audio}: id, base64 data and
 * transcript pieces, expiry).
 */
final class AudioAccumulator {

	private @Nullable String id;

	private @Nullable StringBuilder data;

	private @Nullable StringBuilder transcript;

	private @Nullable Long expiresAt;

	void add(JsonNode audio) {
		if (audio.hasNonNull("id") && this.id == null) {
			this.id = audio.get("id").asString();
		}
		if (audio.hasNonNull("data")) {
			this.data = append(this.data, audio.get("data").asString());
		}
		if (audio.hasNonNull("transcript")) {
			this.transcript = append(this.transcript, audio.get("transcript").asString());
		}
		if (audio.hasNonNull("expires_at") && audio.get("expires_at").canConvertToLong()) {
			this.expiresAt = audio.get("expires_at").longValue();
		}
	}

	boolean hasAudio() {
		return this.id != null || this.data != null || this.transcript != null;
	}

	@Nullable AssistantAudio toAudio() {
		if (!hasAudio()) {
			return null;
		}
		return new AssistantAudio((this.id != null) ? this.id : "", (this.data != null) ? this.data.toString() : null,
				(this.transcript != null) ? this.transcript.toString() : null, this.expiresAt, Map.of());
	}

	private static StringBuilder append(@Nullable StringBuilder text, String piece) {
		return ((text != null) ? text : new StringBuilder()).append(piece);
	}

}
