package dev.chatconversation.client.model;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Small request option objects of the Chat Completions API.
 */
public final class RequestOptions {

	private RequestOptions() {
	}

	/**
	 * {@code stream_options}.
	 *
	 * @param includeUsage whether the server sends a final chunk with token usage
	 * @param includeObfuscation whether the server pads chunks against side channels
	 */
	public record StreamOptions(@Nullable Boolean includeUsage, @Nullable Boolean includeObfuscation) {

		/**
		 * Stream options asking for usage in the last chunk.
		 * @return the options
		 */
		public static StreamOptions withUsage() {
			return new StreamOptions(true, null);
		}

	}

	/**
	 * {@code audio}: the voice and format of audio output (with {@code modalities}
	 * including {@code audio}).
	 *
	 * @param voice the voice, such as {@code alloy}
	 * @param format the audio format, such as {@code wav} or {@code mp3}
	 */
	public record AudioOptions(String voice, String format) {
	}

	/**
	 * {@code prediction}: predicted output that speeds up regeneration of mostly known
	 * text.
	 *
	 * @param type {@code content}
	 * @param content the predicted text, or an array of text parts
	 */
	public record Prediction(String type, JsonNode content) {
	}

	/**
	 * {@code web_search_options}, for search models.
	 *
	 * @param searchContextSize {@code low}, {@code medium} or {@code high}
	 * @param userLocation the approximate user location object
	 */
	public record WebSearchOptions(@Nullable String searchContextSize, @Nullable JsonNode userLocation) {
	}

}
