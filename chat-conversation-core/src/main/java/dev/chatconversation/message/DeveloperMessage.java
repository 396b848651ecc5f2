package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@code developer} message. Instructions from the application that newer models follow
 * in place of system messages.
 *
 * @param content the content, a string or parts
 * @param name an optional participant name
 * @param extra fields of the message the library does not model
 */
public record DeveloperMessage(Content content, @Nullable String name, Map<String, JsonNode> extra) implements Message {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("role", "content", "name");

	public DeveloperMessage {
		Objects.requireNonNull(content, "content");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String role() {
		return "developer";
	}

	@Override
	public String text() {
		return this.content.text();
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
