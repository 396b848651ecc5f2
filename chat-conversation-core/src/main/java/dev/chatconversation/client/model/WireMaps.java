package dev.chatconversation.client.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Null-tolerant immutable copies for wire values that Jackson builds with absent fields.
 * Values that are already immutable (the chunk reader builds them so) are kept as they
 * are rather than copied again on every chunk.
 */
final class WireMaps {

	private WireMaps() {
	}

	static Map<String, JsonNode> copy(@Nullable Map<String, JsonNode> extra) {
		if (extra == null || extra.isEmpty()) {
			return Map.of();
		}
		if (extra.size() == 1) {
			// returns an immutable map itself; a one-entry map has no order to lose
			return Map.copyOf(extra);
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
	}

	static <T> List<T> copy(@Nullable List<T> list) {
		return (list != null) ? List.copyOf(list) : List.of();
	}

	static <K, V> Map<K, V> copyMap(@Nullable Map<K, V> map) {
		if (map == null || map.isEmpty()) {
			return Map.of();
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

}
