package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The function a tool call invokes (or a legacy {@code function_call}): its name and its
 * arguments as a JSON text.
 *
 * @param name the function name
 * @param arguments the arguments, a JSON object as text (as the model wrote it)
 * @param extra fields of the object the library does not model
 */
public record FunctionCall(String name, String arguments, Map<String, JsonNode> extra) {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("name", "arguments");

	public FunctionCall {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(arguments, "arguments");
		extra = Extra.copy(extra, FIELDS);
	}

	/**
	 * A function call with no unmodelled fields.
	 * @param name the function name
	 * @param arguments the arguments as JSON text
	 * @return the call
	 */
	public static FunctionCall of(String name, String arguments) {
		return new FunctionCall(name, arguments, Map.of());
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
