package dev.chatconversation.client.model;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the model may use tools ({@code tool_choice}): {@code none}, {@code auto},
 * {@code required}, one named function, or any other shape the API accepts.
 *
 * @param value the JSON value sent
 */
public record ToolChoice(@JsonValue JsonNode value) {

	public ToolChoice {
		Objects.requireNonNull(value, "value");
	}

	/**
	 * The model must not call tools.
	 * @return the choice
	 */
	public static ToolChoice none() {
		return new ToolChoice(JsonNodeFactory.instance.stringNode("none"));
	}

	/**
	 * The model decides whether to call tools.
	 * @return the choice
	 */
	public static ToolChoice auto() {
		return new ToolChoice(JsonNodeFactory.instance.stringNode("auto"));
	}

	/**
	 * The model must call at least one tool.
	 * @return the choice
	 */
	public static ToolChoice required() {
		return new ToolChoice(JsonNodeFactory.instance.stringNode("required"));
	}

	/**
	 * The model must call the named function.
	 * @param name the function name
	 * @return the choice
	 */
	public static ToolChoice function(String name) {
		ObjectNode choice = JsonNodeFactory.instance.objectNode();
		choice.put("type", "function");
		choice.putObject("function").put("name", name);
		return new ToolChoice(choice);
	}

	/**
	 * The mode when this choice is a plain string ({@code none}, {@code auto},
	 * {@code required}, or a provider value such as Mistral's {@code any}).
	 * @return the mode, or an empty string when the choice is an object
	 */
	public String mode() {
		return this.value.isString() ? this.value.stringValue() : "";
	}

}
