package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A {@code text} content part.
 *
 * @param text the text
 * @param extra fields of the part the library does not model
 */
public record TextPart(String text, Map<String, JsonNode> extra) implements ContentPart {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("type", "text");

	public TextPart {
		Objects.requireNonNull(text, "text");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String type() {
		return "text";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
