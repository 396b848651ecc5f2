package dev.chatconversation.structured;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.chatconversation.structured.StructuredOutputException.Kind;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads JSON written by a model into Java values, refusing anything a strict JSON schema
 * of the type would refuse: unknown properties, missing or {@code null} values of
 * non-nullable properties, strings where numbers are expected (and the reverse),
 * fractions for integers, unknown enum values and trailing text.
 *
 * <p>
 * Properties that are {@code Optional} or annotated {@code @Nullable} may be {@code null}
 * or left out. Failures are {@link StructuredOutputException}s of kind
 * {@link Kind#INVALID_JSON INVALID_JSON} or {@link Kind#SCHEMA_MISMATCH SCHEMA_MISMATCH}
 * that name the JSON path of the problem.
 */
public final class StrictJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
				DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		// enum values as the schema lists them: names, @JsonProperty or @JsonValue
		.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
		.disable(EnumFeature.READ_ENUMS_USING_TO_STRING)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private StrictJson() {
	}

	/**
	 * Reads a JSON text as a value of the given type.
	 * @param <T> the type
	 * @param json the JSON text
	 * @param type the type, usually a record
	 * @return the value
	 * @throws StructuredOutputException if the text is not JSON or does not match the
	 * type
	 */
	public static <T> T read(String json, Class<T> type) {
		Objects.requireNonNull(type, "type");
		JsonNode tree = readTree(json);
		String problem = RequiredValues.findProblem(tree, type, "$");
		if (problem != null) {
			throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, problem, json, null);
		}
		try {
			T value = MAPPER.treeToValue(tree, type);
			if (value == null) {
				throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, "the JSON is null", json, null);
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, mismatch(ex), json, ex);
		}
	}

	/**
	 * Reads a JSON text that must be one object.
	 * @param json the JSON text
	 * @return the object
	 * @throws StructuredOutputException if the text is not a JSON object
	 */
	public static ObjectNode readObject(String json) {
		JsonNode tree = readTree(json);
		if (!(tree instanceof ObjectNode object)) {
			throw new StructuredOutputException(Kind.SCHEMA_MISMATCH,
					"expected a JSON object but found " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
					json, null);
		}
		return object;
	}

	/**
	 * Reads a JSON object whose properties are the parameters of a method, as
	 * {@link JsonSchemas#strictParameters(Method)} describes them, into the method's
	 * arguments.
	 * @param json the JSON text
	 * @param method the method
	 * @return the arguments, in parameter order
	 * @throws StructuredOutputException if the text is not a JSON object or does not
	 * match the parameters
	 */
	public static @Nullable Object[] readParameters(String json, Method method) {
		ObjectNode object = readObject(json);
		Parameter[] parameters = method.getParameters();
		Set<String> names = new LinkedHashSet<>();
		@Nullable Object[] values = new Object[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			String name = ParameterSchemas.name(parameters[i]);
			names.add(name);
			values[i] = readParameter(json, object.get(name), parameters[i], "$." + name);
		}
		for (String name : object.propertyNames()) {
			if (!names.contains(name)) {
				throw new StructuredOutputException(Kind.SCHEMA_MISMATCH,
						"unknown property '" + name + "'; the parameters are " + names, json, null);
			}
		}
		return values;
	}

	private static @Nullable Object readParameter(String json, @Nullable JsonNode node, Parameter parameter,
			String path) {
		if (node == null || node.isNull()) {
			if (!ParameterSchemas.isNullable(parameter)) {
				throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, "missing value at " + path, json, null);
			}
			return (parameter.getType() == Optional.class) ? Optional.empty() : null;
		}
		String problem = RequiredValues.findProblem(node, parameter.getParameterizedType(), path);
		if (problem != null) {
			throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, problem, json, null);
		}
		try {
			return MAPPER.treeToValue(node, MAPPER.getTypeFactory().constructType(parameter.getParameterizedType()));
		}
		catch (JacksonException ex) {
			throw new StructuredOutputException(Kind.SCHEMA_MISMATCH, mismatch(ex) + " (at " + path + ")", json, ex);
		}
	}

	private static JsonNode readTree(@Nullable String json) {
		if (json == null || json.isBlank()) {
			throw new StructuredOutputException(Kind.INVALID_JSON, "the text is empty", (json != null) ? json : "",
					null);
		}
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new StructuredOutputException(Kind.INVALID_JSON, ex.getOriginalMessage(), json, ex);
		}
	}

	private static String mismatch(JacksonException ex) {
		String path = ex.getPathReference();
		String message = ex.getOriginalMessage();
		return (path != null && !path.isEmpty()) ? message + " (at " + path + ")" : message;
	}

}
