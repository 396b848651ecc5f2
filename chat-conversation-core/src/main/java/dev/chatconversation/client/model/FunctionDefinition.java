package dev.chatconversation.client.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A function the model may call: its name, what it does and the JSON schema of its
 * parameters.
 *
 * @param name the function name ({@code a-z}, {@code A-Z}, {@code 0-9}, {@code _},
 * {@code -}, at most 64 characters)
 * @param description what the function does, for the model
 * @param parameters the JSON schema of the arguments object
 * @param strict whether the model must follow the schema exactly (structured outputs)
 */
public record FunctionDefinition(String name, @Nullable String description, @Nullable JsonNode parameters,
		@Nullable Boolean strict) {

	public FunctionDefinition {
		Objects.requireNonNull(name, "name");
		parameters = (parameters != null) ? parameters.deepCopy() : null;
	}

	@Override
	public @Nullable JsonNode parameters() {
		return (this.parameters != null) ? this.parameters.deepCopy() : null;
	}

}
