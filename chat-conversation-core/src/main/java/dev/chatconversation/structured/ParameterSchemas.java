package dev.chatconversation.structured;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strict schema of a method's parameters as one object, one property per parameter,
 * with the types generated as {@link JsonSchemas} generates them (one set of
 * {@code $defs} shared by all parameters).
 */
final class ParameterSchemas {

	private ParameterSchemas() {
	}

	static ObjectNode generate(SchemaGenerator generator, Method method) {
		SchemaBuilder builder = generator.buildMultipleSchemaDefinitions();
		List<ObjectNode> references = new ArrayList<>();
		for (Parameter parameter : method.getParameters()) {
			references.add(builder.createSchemaReference(parameter.getParameterizedType()));
		}
		ObjectNode definitions = builder.collectDefinitions("$defs");
		ObjectNode schema = JsonMapper.shared().createObjectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		ArrayNode required = schema.putArray("required");
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			String name = name(parameters[i]);
			properties.set(name, describe(parameters[i], references.get(i)));
			required.add(name);
		}
		schema.put("additionalProperties", false);
		if (!definitions.isEmpty()) {
			schema.set("$defs", definitions);
		}
		return StrictForm.apply(schema);
	}

	/**
	 * The JSON name of a parameter: its {@code @JsonProperty} value, or its name as
	 * compiled (which needs {@code javac -parameters}).
	 */
	static String name(Parameter parameter) {
		JsonProperty property = parameter.getAnnotation(JsonProperty.class);
		if (property != null && !property.value().isEmpty()) {
			return property.value();
		}
		if (!parameter.isNamePresent()) {
			throw new IllegalArgumentException("The parameter names of " + parameter.getDeclaringExecutable()
					+ " were not compiled: compile with 'javac -parameters' or annotate each parameter with "
					+ "@JsonProperty");
		}
		return parameter.getName();
	}

	static boolean isNullable(Parameter parameter) {
		return Nullability.isNullable(parameter, parameter.getAnnotatedType(), parameter.getType());
	}

	private static ObjectNode describe(Parameter parameter, ObjectNode reference) {
		ObjectNode property = isNullable(parameter) ? nullable(reference) : reference;
		JsonPropertyDescription description = parameter.getAnnotation(JsonPropertyDescription.class);
		if (description != null && !description.value().isEmpty()) {
			property.put("description", description.value());
		}
		return property;
	}

	private static ObjectNode nullable(ObjectNode schema) {
		JsonNode type = schema.get("type");
		if (type != null && type.isString() && !schema.has("enum")) {
			ObjectNode copy = schema.deepCopy();
			copy.putArray("type").add(type.stringValue()).add("null");
			return copy;
		}
		ObjectNode anyOf = JsonMapper.shared().createObjectNode();
		anyOf.putArray("anyOf").add(schema).addObject().put("type", "null");
		return anyOf;
	}

}
