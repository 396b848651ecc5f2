package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A legacy {@code function} message: the result of a {@code function_call}, for servers
 * that predate tools.
 *
 * @param name the name of the function that was called
 * @param content the function's result
 * @param extra fields of the message the library does not model
 */
public record FunctionMessage(String name, @Nullable String content, Map<String, JsonNode> extra) implements Message {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("role", "content", "name");

	public FunctionMessage {
		Objects.requireNonNull(name, "name");
		extra = Extra.copy(extra, FIELDS);
	}

	@Override
	public String role() {
		return "function";
	}

	@Override
	public String text() {
		return (this.content != null) ? this.content : "";
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
