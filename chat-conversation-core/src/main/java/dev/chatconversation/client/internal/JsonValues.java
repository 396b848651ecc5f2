package dev.chatconversation.client.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * How the chunk readers turn the value under the parser into text, into a node, or into
 * an entry of an {@code extra} map of unmodelled fields, cheaply enough to run on every
 * chunk.
 */
final class JsonValues {

	private static final ObjectReader TREES = nested(JsonNode.class);

	private JsonValues() {
	}

	/**
	 * A reader of a value inside a chunk, which the rest of the chunk follows. A reader
	 * resolves its deserializer once, where {@code JsonParser.readValueAs} resolves it
	 * again on every call.
	 */
	static ObjectReader nested(Class<?> type) {
		return WireJson.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	static @Nullable String text(JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token.isStructStart()) {
			parser.skipChildren();
			return null;
		}
		return parser.getValueAsString();
	}

	/**
	 * An unmodelled value as a node. Scalars, such as OpenAI's {@code obfuscation} on
	 * every chunk, are built directly: the tree reader would look up its deserializer
	 * each time.
	 */
	static JsonNode value(JsonParser parser, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> StringNode.valueOf(parser.getString());
			case VALUE_NULL -> NullNode.getInstance();
			case VALUE_TRUE -> BooleanNode.TRUE;
			case VALUE_FALSE -> BooleanNode.FALSE;
			default -> tree(parser);
		};
	}

	static JsonNode tree(JsonParser parser) {
		return TREES.readValue(parser);
	}

	/**
	 * Adds an element read to a list of them. A single one (the usual case: one choice)
	 * is kept in an immutable list that the chunk's record keeps as it is; more go into
	 * an array list.
	 */
	static <T> List<T> append(@Nullable List<T> list, T element) {
		if (list == null) {
			return List.of(element);
		}
		List<T> more = (list instanceof ArrayList) ? list : new ArrayList<>(list);
		more.add(element);
		return more;
	}

	/**
	 * Adds an unmodelled field. A single one (the usual case) is kept in an immutable map
	 * that the chunk's record keeps as it is; more go into an ordered map.
	 */
	static Map<String, JsonNode> put(@Nullable Map<String, JsonNode> extra, String name, JsonNode value) {
		if (extra == null) {
			return Map.of(name, value);
		}
		Map<String, JsonNode> map = (extra instanceof LinkedHashMap) ? extra : new LinkedHashMap<>(extra);
		map.put(name, value);
		return map;
	}

}
