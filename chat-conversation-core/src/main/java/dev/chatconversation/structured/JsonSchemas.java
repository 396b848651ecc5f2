package dev.chatconversation.structured;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.classmate.ResolvedType;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the JSON schema of a Java type in the form OpenAI's strict mode (structured
 * outputs and {@code strict} tools) accepts, with victools' generator and its Jackson
 * module.
 *
 * <p>
 * Records and classes become objects with {@code "additionalProperties": false} and every
 * property listed in {@code required}, in declaration order; a property that may be
 * {@code null} ({@code @Nullable} or {@code Optional}) is typed {@code [T, "null"]} (or
 * {@code anyOf} with {@code null} for a referenced type) rather than left out. Enums
 * become string enums (honouring {@code @JsonProperty} and {@code @JsonValue}), lists and
 * arrays {@code "type": "array"} with {@code items}, {@code LocalDate}, {@code UUID} and
 * the like strings with a {@code format}. Types used more than once, and recursive types,
 * go to {@code $defs} and are referenced with {@code $ref}, which strict mode accepts.
 * Descriptions come from {@code @JsonPropertyDescription} and
 * {@code @JsonClassDescription}; names from {@code @JsonProperty}.
 *
 * <p>
 * Maps, {@code Object} and {@code JsonNode} properties have no strict schema and are
 * refused with an {@link IllegalArgumentException}; use a list of records instead.
 */
public final class JsonSchemas {

	private static final int MAX_NAME_LENGTH = 64;

	private static final ClassValue<ObjectNode> STRICT = new ClassValue<>() {

		@Override
		protected ObjectNode computeValue(Class<?> type) {
			return generate(type);
		}

	};

	private JsonSchemas() {
	}

	/**
	 * The strict JSON schema of a type, whose root must be an object.
	 * @param type the type, usually a record
	 * @return a new copy of the schema
	 * @throws IllegalArgumentException if the type is not an object type or holds a
	 * property strict mode cannot describe
	 */
	public static ObjectNode strict(Class<?> type) {
		Objects.requireNonNull(type, "type");
		return STRICT.get(type).deepCopy();
	}

	/**
	 * The strict JSON schema of a method's parameters as one object: a property per
	 * parameter, in order, all required, named as compiled (the class must be compiled
	 * with {@code javac -parameters}) or by {@code @JsonProperty}, described by
	 * {@code @JsonPropertyDescription}, and nullable when the parameter is
	 * {@code @Nullable} or an {@code Optional}.
	 * @param method the method
	 * @return a new schema
	 * @throws IllegalArgumentException if a parameter type has no strict schema or the
	 * parameter names were not compiled
	 */
	public static ObjectNode strictParameters(Method method) {
		Objects.requireNonNull(method, "method");
		synchronized (JsonSchemas.class) {
			return ParameterSchemas.generate(generator(), method);
		}
	}

	/**
	 * A schema or tool name derived from a type: its simple name, with characters other
	 * than letters, digits, {@code _} and {@code -} replaced by {@code _}, at most 64
	 * characters.
	 * @param type the type
	 * @return the name
	 */
	public static String name(Class<?> type) {
		String simple = type.getSimpleName().isEmpty() ? "Output" : type.getSimpleName();
		String name = simple.replaceAll("[^a-zA-Z0-9_-]", "_");
		return (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) : name;
	}

	private static synchronized ObjectNode generate(Class<?> type) {
		ObjectNode schema = generator().generateSchema(type);
		JsonNode root = schema.get("type");
		if (root == null || !root.isString() || !root.stringValue().equals("object")) {
			throw new IllegalArgumentException("The root of a strict JSON schema must be an object, but "
					+ type.getName() + " is described as " + schema + "; use a record");
		}
		return StrictForm.apply(schema);
	}

	private static SchemaGenerator generator() {
		SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(JsonMapper.shared(),
				SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
			.with(new JacksonSchemaModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
					JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
			.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.FLATTENED_OPTIONALS,
					Option.STANDARD_FORMATS, Option.PLAIN_DEFINITION_KEYS)
			.without(Option.SCHEMA_VERSION_INDICATOR);
		// declaration order: models write properties in the order the schema lists them
		config.forTypesInGeneral()
			.withPropertySorter((first, second) -> 0)
			.withCustomDefinitionProvider(JsonSchemas::refuseOpenTypes);
		config.forFields().withRequiredCheck((field) -> true).withNullableCheck(JsonSchemas::isNullable);
		return new SchemaGenerator(config.build());
	}

	private static @Nullable CustomDefinition refuseOpenTypes(ResolvedType type, SchemaGenerationContext context) {
		Class<?> raw = type.getErasedType();
		if (Map.class.isAssignableFrom(raw) || raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			throw new IllegalArgumentException("A strict JSON schema cannot describe " + type.getBriefDescription()
					+ ": its properties are not known in advance; use a record or a list of records");
		}
		return null;
	}

	private static boolean isNullable(FieldScope scope) {
		Field field = scope.getRawMember();
		return Nullability.isNullable(field, field.getAnnotatedType(), field.getType());
	}

}
