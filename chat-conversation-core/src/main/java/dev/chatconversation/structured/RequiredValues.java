package dev.chatconversation.structured;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Finds a record property that is missing or {@code null} in JSON although its Java type
 * does not allow {@code null}, at any depth (nested records, lists, arrays, optionals).
 * Jackson alone would either accept such a value as {@code null} or refuse every missing
 * property, nullable ones included.
 */
final class RequiredValues {

	private RequiredValues() {
	}

	/**
	 * The first problem found, or {@code null} when every non-nullable record property
	 * has a value.
	 */
	static @Nullable String findProblem(JsonNode node, Type type, String path) {
		if (type instanceof Class<?> raw && raw.isRecord() && node.isObject()) {
			return recordProblem(node, raw, path);
		}
		if (type instanceof GenericArrayType array) {
			return elementsProblem(node, array.getGenericComponentType(), path);
		}
		if (type instanceof Class<?> raw && raw.isArray()) {
			return elementsProblem(node, raw.getComponentType(), path);
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
			Type argument = parameterized.getActualTypeArguments()[0];
			if (raw == Optional.class) {
				return findProblem(node, argument, path);
			}
			if (Collection.class.isAssignableFrom(raw)) {
				return elementsProblem(node, argument, path);
			}
		}
		return null;
	}

	private static @Nullable String recordProblem(JsonNode node, Class<?> type, String path) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = jsonName(component);
			JsonNode value = node.get(name);
			String at = path + "." + name;
			if (value == null || value.isNull()) {
				if (!Nullability.isNullable(component, component.getAnnotatedType(), component.getType())) {
					return (value == null) ? "required property " + at + " is missing" : "property " + at
							+ " is null but " + component.getType().getSimpleName() + " values cannot be null";
				}
			}
			else {
				String problem = findProblem(value, component.getGenericType(), at);
				if (problem != null) {
					return problem;
				}
			}
		}
		return null;
	}

	private static @Nullable String elementsProblem(JsonNode node, Type elementType, String path) {
		if (!node.isArray()) {
			return null;
		}
		for (int i = 0; i < node.size(); i++) {
			if (node.get(i).isNull()) {
				return "element " + path + "[" + i + "] is null";
			}
			String problem = findProblem(node.get(i), elementType, path + "[" + i + "]");
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static String jsonName(RecordComponent component) {
		JsonProperty property = component.getAnnotation(JsonProperty.class);
		if (property == null) {
			property = component.getAccessor().getAnnotation(JsonProperty.class);
		}
		return (property != null && !property.value().isEmpty()) ? property.value() : component.getName();
	}

}
