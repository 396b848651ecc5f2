package dev.chatconversation.structured;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Final touches that make a generated schema acceptable to OpenAI's strict mode, as the
 * official Python SDK's {@code to_strict_json_schema} makes them: an object without
 * properties still lists empty {@code properties} and {@code required}, and a
 * {@code $ref} with sibling keywords (a property's description, for instance) is replaced
 * by the definition it points to, since strict mode takes a {@code $ref} only alone.
 */
final class StrictForm {

	private static final String DEFINITIONS_PREFIX = "#/$defs/";

	private StrictForm() {
	}

	static ObjectNode apply(ObjectNode root) {
		visit(root, root);
		return root;
	}

	private static void visit(JsonNode node, ObjectNode root) {
		if (node.isArray()) {
			node.forEach((element) -> visit(element, root));
			return;
		}
		if (!(node instanceof ObjectNode schema)) {
			return;
		}
		inlineReferenceWithSiblings(schema, root);
		if (isObject(schema) && !schema.has("properties")) {
			schema.putObject("properties");
			schema.putArray("required");
		}
		for (String name : List.copyOf(schema.propertyNames())) {
			visit(schema.get(name), root);
		}
	}

	private static void inlineReferenceWithSiblings(ObjectNode schema, ObjectNode root) {
		JsonNode reference = schema.get("$ref");
		if (reference == null || schema.size() == 1 || !reference.isString()
				|| !reference.stringValue().startsWith(DEFINITIONS_PREFIX)) {
			return;
		}
		JsonNode definition = root.path("$defs").get(reference.stringValue().substring(DEFINITIONS_PREFIX.length()));
		if (!(definition instanceof ObjectNode resolved)) {
			return;
		}
		ObjectNode siblings = schema.deepCopy();
		siblings.remove("$ref");
		schema.removeAll();
		schema.setAll(resolved.deepCopy());
		schema.setAll(siblings);
	}

	private static boolean isObject(ObjectNode schema) {
		JsonNode type = schema.get("type");
		return type != null && type.isString() && type.stringValue().equals("object");
	}

}
