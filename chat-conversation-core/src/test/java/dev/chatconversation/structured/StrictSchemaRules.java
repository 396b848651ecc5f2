package dev.chatconversation.structured;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON schema against the rules of OpenAI's strict mode (structured outputs and
 * strict function calling): the root is an object; every object lists all its properties
 * in {@code required} and sets {@code "additionalProperties": false}; optional values are
 * typed with {@code null} rather than left out of {@code required}; only supported
 * keywords are used; every array has {@code items}; a {@code $ref} is alone and points to
 * the root or to {@code $defs}.
 */
public final class StrictSchemaRules {

	private static final Set<String> UNSUPPORTED = Set.of("nullable", "oneOf", "allOf", "not", "if", "then", "else",
			"dependentRequired", "dependentSchemas", "patternProperties", "unevaluatedProperties");

	private StrictSchemaRules() {
	}

	/**
	 * The rules a schema breaks.
	 * @param schema the root schema
	 * @return the problems, each with the path of the offending schema; empty when strict
	 */
	public static List<String> violations(JsonNode schema) {
		List<String> problems = new ArrayList<>();
		if (!"object".equals(schema.path("type").asString(""))) {
			problems.add("$: the root must be an object");
		}
		if (schema.has("anyOf")) {
			problems.add("$: the root must not be anyOf");
		}
		check(schema, schema, "$", problems);
		return problems;
	}

	private static void check(JsonNode root, JsonNode schema, String path, List<String> problems) {
		for (String keyword : schema.propertyNames()) {
			if (UNSUPPORTED.contains(keyword)) {
				problems.add(path + ": unsupported keyword " + keyword);
			}
		}
		if (schema.has("$ref")) {
			checkReference(root, schema, path, problems);
			return;
		}
		if (!schema.has("type") && !schema.has("anyOf") && !schema.has("enum") && !schema.has("const")) {
			problems.add(path + ": no type");
		}
		if (types(schema).contains("object")) {
			checkObject(root, schema, path, problems);
		}
		if (types(schema).contains("array")) {
			if (!schema.has("items")) {
				problems.add(path + ": an array without items");
			}
			else {
				check(root, schema.get("items"), path + ".items", problems);
			}
		}
		for (int i = 0; i < schema.path("anyOf").size(); i++) {
			check(root, schema.path("anyOf").get(i), path + ".anyOf[" + i + "]", problems);
		}
		for (String name : schema.path("$defs").propertyNames()) {
			check(root, schema.path("$defs").get(name), path + ".$defs." + name, problems);
		}
	}

	private static void checkObject(JsonNode root, JsonNode schema, String path, List<String> problems) {
		if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").booleanValue()) {
			problems.add(path + ": additionalProperties is not false");
		}
		if (!schema.path("properties").isObject()) {
			problems.add(path + ": no properties");
			return;
		}
		Set<String> required = new HashSet<>();
		schema.path("required").forEach((name) -> required.add(name.asString()));
		Set<String> properties = new HashSet<>(schema.path("properties").propertyNames());
		if (!required.equals(properties)) {
			problems.add(path + ": required " + required + " is not every property " + properties);
		}
		for (String name : properties) {
			check(root, schema.path("properties").get(name), path + ".properties." + name, problems);
		}
	}

	private static void checkReference(JsonNode root, JsonNode schema, String path, List<String> problems) {
		if (schema.size() != 1) {
			problems.add(path + ": $ref with siblings " + schema.propertyNames());
		}
		String reference = schema.path("$ref").asString("");
		if (!reference.equals("#") && !(reference.startsWith("#/$defs/")
				&& root.path("$defs").has(reference.substring("#/$defs/".length())))) {
			problems.add(path + ": $ref " + reference + " points nowhere");
		}
	}

	private static Set<String> types(JsonNode schema) {
		Set<String> types = new HashSet<>();
		JsonNode type = schema.path("type");
		if (type.isString()) {
			types.add(type.stringValue());
		}
		type.forEach((each) -> types.add(each.asString()));
		return types;
	}

}
