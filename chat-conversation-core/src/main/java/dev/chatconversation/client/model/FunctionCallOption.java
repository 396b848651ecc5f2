package dev.chatconversation.client.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy {@code function_call} request option: {@code none}, {@code auto} or one
 * named function, for servers that predate tools.
 *
 * @param value the JSON value sent
 */
public record FunctionCallOption(@JsonValue JsonNode value) {

	public FunctionCallOption {
		Objects.requireNonNull(value, "value");
	}

	/**
	 * The model must not call functions.
	 * @return the option
	 */
	public static FunctionCallOption none() {
		return new FunctionCallOption(JsonNodeFactory.instance.stringNode("none"));
	}

	/**
	 * The model decides whether to call a function.
	 * @return the option
	 */
	public static FunctionCallOption auto() {
		return new FunctionCallOption(JsonNodeFactory.instance.stringNode("auto"));
	}

	/**
	 * The model must call the named function.
	 * @param name the function name
	 * @return the option
	 */
	public static FunctionCallOption function(String name) {
		ObjectNode option = JsonNodeFactory.instance.objectNode();
		option.put("name", name);
		return new FunctionCallOption(option);
	}

}
