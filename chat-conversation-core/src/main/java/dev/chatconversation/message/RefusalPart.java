package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A {@code refusal} content part, found on assistant messages when the model declines.
 *
 * @param refusal the refusal text
 * @param extra fields of the part the library does not model
 */
public record RefusalPart(String refusal, Map<String, JsonNode> extra) implements ContentPart {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("type", "refusal");

	public RefusalPart {
		Objects.requireNonNull(refusal, "refusal");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String type() {
		return "refusal";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
