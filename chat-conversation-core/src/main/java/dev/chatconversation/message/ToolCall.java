package dev.chatconversation.message;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tool call requested by the model in an assistant message.
 *
 * <p>
 * Provider fields on the call, such as Gemini's
 * {@code extra_content.google.thought_signature} that must be echoed on the next turn,
 * are kept in {@link #extra()}.
 *
 * @param id the call id, which the answering {@link ToolMessage} repeats
 * @param type the tool type, {@code function} for function tools
 * @param function the function and its arguments; {@code null} only for non-function tool
 * types, whose payload stays in {@code extra}
 * @param extra fields of the call the library does not model
 */
public record ToolCall(String id, String type, @Nullable FunctionCall function, Map<String, JsonNode> extra) {

	/** The JSON fields this type models; any other field goes to {@code extra}. */
	static final Set<String> FIELDS = Set.of("id", "type", "function");

	public ToolCall {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(type, "type");
		if (function == null && type.equals("function")) {
			// the reader refuses such a call, so a saved history could not be loaded
			// again
			throw new IllegalArgumentException("A function tool call needs a function");
		}
		extra = Extra.copy(extra, FIELDS);
	}

	/**
	 * A {@code function} tool call.
	 * @param id the call id
	 * @param name the function name
	 * @param arguments the arguments as JSON text
	 * @return the call
	 */
	public static ToolCall function(String id, String name, String arguments) {
		return new ToolCall(id, "function", FunctionCall.of(name, arguments), Map.of());
	}

	@Override
	public Map<String, JsonNode> extra() {
		return Extra.view(this.extra);
	}

}
