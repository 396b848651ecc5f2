package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An {@code image_url} content part: an image given by an {@code https:} or {@code data:}
 * URL.
 *
 * @param imageUrl the image reference
 * @param extra fields of the part the library does not model
 */
public record ImageUrlPart(ImageUrl imageUrl, Map<String, JsonNode> extra) implements ContentPart {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("type", "image_url");

	public ImageUrlPart {
		Objects.requireNonNull(imageUrl, "imageUrl");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String type() {
		return "image_url";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

	/**
	 * The {@code image_url} object.
	 *
	 * @param url the image URL
	 * @param detail the detail level ({@code low}, {@code high}, {@code auto}), or
	 * {@code null} for the provider's default
	 * @param extra fields of the object the library does not model
	 */
	public record ImageUrl(String url, @Nullable String detail, Map<String, JsonNode> extra) {

		/** The JSON fields this type models; any other field goes to {@code extra}. */
		static final Set<String> FIELDS = Set.of("url", "detail");

		public ImageUrl {
			Objects.requireNonNull(url, "url");
			extra = Extra.copy(extra, FIELDS);
		}

		@Override
		public Map<String, JsonNode> extra() {
			return Extra.view(this.extra);
		}

	}

}
