package dev.chatconversation.client.model;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tool the model may call ({@code tools[]}).
 *
 * @param type the tool type, {@code function} for function tools
 * @param function the function, for function tools
 * @param extra other fields, for tool types the library does not model
 */
public record Tool(String type, @Nullable FunctionDefinition function, @JsonAnySetter Map<String, JsonNode> extra) {

	public Tool {
		Objects.requireNonNull(type, "type");
		extra = WireMaps.copy(extra);
	}

	/**
	 * A function tool.
	 * @param function the function
	 * @return the tool
	 */
	public static Tool function(FunctionDefinition function) {
		return new Tool("function", function, Map.of());
	}

	/**
	 * A function tool from its parts.
	 * @param name the function name
	 * @param description what it does
	 * @param parameters the JSON schema of its arguments
	 * @return the tool
	 */
	public static Tool function(String name, @Nullable String description, JsonNode parameters) {
		return function(new FunctionDefinition(name, description, parameters, null));
	}

	@Override
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return this.extra;
	}

}
