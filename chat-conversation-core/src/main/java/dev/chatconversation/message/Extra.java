package dev.chatconversation.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Copies of the JSON fields a value does not model, so that values stay immutable while
 * unknown fields round-trip unchanged.
 */
final class Extra {

	private Extra() {
	}

	/**
	 * Copies the unmodelled fields of a value, refusing names the value models: the
	 * writer would otherwise emit the name twice and a later read would keep only one.
	 */
	static Map<String, JsonNode> copy(Map<String, JsonNode> extra, Set<String> modelled) {
		if (extra.isEmpty()) {
			return Map.of();
		}
		Map<String, JsonNode> copy = new LinkedHashMap<>(extra.size() * 2);
		extra.forEach((name, value) -> {
			Objects.requireNonNull(name, "extra field name");
			Objects.requireNonNull(value, () -> "extra field '" + name + "'");
			if (modelled.contains(name)) {
				throw new IllegalArgumentException("'" + name
						+ "' is a modelled field and cannot be an extra field; set it through its component instead");
			}
			copy.put(name, detach(value));
		});
		return Collections.unmodifiableMap(copy);
	}

	static Map<String, JsonNode> view(Map<String, JsonNode> extra) {
		if (extra.isEmpty()) {
			return extra;
		}
		boolean containers = extra.values().stream().anyMatch(JsonNode::isContainer);
		return containers ? copy(extra, Set.of()) : extra;
	}

	private static JsonNode detach(JsonNode value) {
		return value.isContainer() ? value.deepCopy() : value;
	}

}
