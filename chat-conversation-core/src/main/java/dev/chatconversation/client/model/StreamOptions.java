package dev.chatconversation.client.model;

import org.jspecify.annotations.Nullable;

/**
 * The {@code stream_options} parameter of a request.
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
