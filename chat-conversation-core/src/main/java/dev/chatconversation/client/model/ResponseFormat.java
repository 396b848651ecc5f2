package dev.chatconversation.client.model;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The output format ({@code response_format}): plain text, any JSON object, or JSON that
 * follows a schema (structured outputs).
 *
 * @param type {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema, for {@code json_schema}
 */
public record ResponseFormat(String type, @Nullable JsonSchema jsonSchema) {

	public ResponseFormat {
		Objects.requireNonNull(type, "type");
	}

	/**
	 * Plain text output.
	 * @return the format
	 */
	public static ResponseFormat text() {
		return new ResponseFormat("text", null);
	}

	/**
	 * Any valid JSON object (JSON mode).
	 * @return the format
	 */
	public static ResponseFormat jsonObject() {
		return new ResponseFormat("json_object", null);
	}

	/**
	 * JSON following the given schema.
	 * @param name the schema name
	 * @param schema the JSON schema
	 * @param strict whether the model must follow the schema exactly
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, JsonNode schema, boolean strict) {
		return new ResponseFormat("json_schema", new JsonSchema(name, null, schema, strict));
	}

	/**
	 * A named JSON schema for structured outputs.
	 *
	 * @param name the schema name
	 * @param description what the output is, for the model
	 * @param schema the JSON schema
	 * @param strict whether the model must follow the schema exactly
	 */
	public record JsonSchema(String name, @Nullable String description, @Nullable JsonNode schema,
			@Nullable Boolean strict) {

		public JsonSchema {
			Objects.requireNonNull(name, "name");
			schema = (schema != null) ? schema.deepCopy() : null;
		}

		@Override
		public @Nullable JsonNode schema() {
			return (this.schema != null) ? this.schema.deepCopy() : null;
		}

	}

}
