package dev.chatconversation.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.i18n.MessageSource;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates Chat Completions request bodies against the official OpenAI API description.
 * <p>
 * The description is {@code src/test/resources/openapi/openai-openapi.yaml.gz}, a gzip of
 * {@code openai-openapi.yaml} from
 * <a href="https://github.com/openai/openai-openapi">openai/openai-openapi</a> at commit
 * {@code f85dbe223d40e1a31cba812ab2d755c7e98a92a3} (MIT licence). Bodies are checked
 * against {@code #/components/schemas/CreateChatCompletionRequest} with the JSON Schema
 * draft 2020-12 dialect that OpenAPI 3.1 uses. The document is parsed once per JVM, on
 * first use of {@link #chatCompletionRequest()}.
 * <p>
 * Lines holding only spaces are emptied before parsing: one follows an
 * {@code example: |+} block scalar, which SnakeYAML Engine (YAML 1.2) rejects while other
 * parsers accept it.
 * <p>
 * The document declares OpenAPI 3.1 but still uses the OpenAPI 3.0 {@code nullable}
 * keyword, which draft 2020-12 ignores, so valid {@code null} values would be rejected.
 * The tree is rewritten before use: {@code nullable: true} next to a plain
 * {@code type: X} becomes {@code type: [X, "null"]} (and {@code null} joins an
 * {@code enum}); next to {@code $ref}, {@code allOf}, {@code anyOf}, {@code oneOf},
 * {@code const} or without {@code type}, the schema is wrapped into {@code anyOf:
 * [<schema>, {type: "null"}]}; {@code nullable: false} is dropped. OpenAPI annotations
 * ({@code discriminator}, {@code example}, {@code x-*}) are ignored.
 * <p>
 * The request schema does not set {@code additionalProperties: false}, at the top level
 * or in messages and content parts: unknown fields (provider extensions such as
 * {@code extra_body} entries) are accepted and need not be stripped.
 * {@link #problems(String, Set)} still lets a test drop some before validating, for
 * extensions that reuse an OpenAI name with another type. Even after the rewrite,
 * {@code "top_logprobs": null} and {@code "user": null} are rejected: the shared
 * {@code CreateModelResponseProperties} in the {@code allOf} declares them non-nullable,
 * so a client must leave them out rather than send {@code null}.
 */
public final class OpenApiRequestSchema {

	private static final String SPEC = "/openapi/openai-openapi.yaml.gz";

	private static final String REQUEST = "#/components/schemas/CreateChatCompletionRequest";

	private static final Pattern BLANK_LINE = Pattern.compile("^[ \\t]+$", Pattern.MULTILINE);

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Schema schema;

	private OpenApiRequestSchema(Schema schema) {
		this.schema = schema;
	}

	/**
	 * Return the shared validator for {@code CreateChatCompletionRequest}, loading the
	 * OpenAPI document on first call.
	 * @return the shared validator
	 */
	public static OpenApiRequestSchema chatCompletionRequest() {
		return Holder.INSTANCE;
	}

	/**
	 * Validate a request body.
	 * @param requestJson the JSON request body
	 * @return readable problems ({@code instance location: message}), empty when valid; a
	 * failed {@code oneOf} also lists why each alternative failed
	 */
	public List<String> problems(String requestJson) {
		return problems(requestJson, Set.of());
	}

	/**
	 * Validate a request body after removing some top-level fields.
	 * @param requestJson the JSON request body
	 * @param ignoredTopLevelFields names of top-level fields to remove before validating
	 * @return readable problems ({@code instance location: message}), empty when valid
	 */
	public List<String> problems(String requestJson, Set<String> ignoredTopLevelFields) {
		JsonNode body = JSON.readTree(requestJson);
		if (body instanceof ObjectNode object && !ignoredTopLevelFields.isEmpty()) {
			body = object.deepCopy().remove(ignoredTopLevelFields);
		}
		return this.schema.validate(body).stream().map(OpenApiRequestSchema::describe).distinct().toList();
	}

	/**
	 * Assert that a request body is valid.
	 * @param requestJson the JSON request body
	 * @throws AssertionError listing the problems and the body when it is invalid
	 */
	public void assertValid(String requestJson) {
		List<String> problems = problems(requestJson);
		if (!problems.isEmpty()) {
			throw new AssertionError("Request body is not a valid CreateChatCompletionRequest:%n  %s%nBody: %s"
				.formatted(String.join("%n  ".formatted(), problems), requestJson));
		}
	}

	private static String describe(Error error) {
		return error.getInstanceLocation() + ": " + error.getMessage();
	}

	private static OpenApiRequestSchema load() {
		JsonNode document = readDocument();
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("$ref", REQUEST);
		root.set("components", JsonNodeFactory.instance.objectNode()
			.set("schemas", acceptNulls(document.required("components").required("schemas"))));
		Dialect dialect = Dialect.builder(Dialects.getDraft202012())
			.unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
			.build();
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_PATH)
			.messageSource(validatorMessages())
			.build();
		Schema schema = SchemaRegistry.withDefaultDialect(dialect, (registry) -> registry.schemaRegistryConfig(config))
			.getSchema(root);
		schema.initializeValidators();
		return new OpenApiRequestSchema(schema);
	}

	// wiremock-standalone ships json-schema-validator 1.x's jsv-messages.properties
	// unshaded; first on the class path, it garbles 3.x messages, so read ours directly
	private static MessageSource validatorMessages() {
		String self = Schema.class.getResource("Schema.class").toString();
		String messages = self.replace("com/networknt/schema/Schema.class", "jsv-messages.properties");
		Properties properties = new Properties();
		try (InputStream in = URI.create(messages).toURL().openStream()) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return (key, fallback, locale, arguments) -> new MessageFormat(
				properties.getProperty(key, (fallback != null) ? fallback.get() : key), Locale.ROOT)
			.format(arguments);
	}

	private static JsonNode readDocument() {
		try (InputStream in = OpenApiRequestSchema.class.getResourceAsStream(SPEC)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + SPEC);
			}
			String yaml = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
			return YAMLMapper.shared().readTree(BLANK_LINE.matcher(yaml).replaceAll(""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode acceptNulls(JsonNode node) {
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, acceptNulls(array.get(i)));
			}
			return array;
		}
		if (!(node instanceof ObjectNode object)) {
			return node;
		}
		for (String name : List.copyOf(object.propertyNames())) {
			object.set(name, acceptNulls(object.get(name)));
		}
		JsonNode nullable = object.get("nullable");
		if (nullable == null || !nullable.isBoolean()) {
			return object;
		}
		object.remove("nullable");
		return nullable.booleanValue() ? orNull(object) : object;
	}

	private static JsonNode orNull(ObjectNode schema) {
		JsonNode type = schema.get("type");
		boolean combined = Set.of("$ref", "allOf", "anyOf", "oneOf", "const").stream().anyMatch(schema::has);
		if (type == null || !type.isString() || combined) {
			ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
			wrapper.putArray("anyOf").add(schema).add(JsonNodeFactory.instance.objectNode().put("type", "null"));
			return wrapper;
		}
		schema.putArray("type").add(type.stringValue()).add("null");
		if (schema.get("enum") instanceof ArrayNode values) {
			values.addNull();
		}
		return schema;
	}

	private static final class Holder {

		static final OpenApiRequestSchema INSTANCE = load();

	}

}
