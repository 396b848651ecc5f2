package dev.chatconversation.structured;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Golden tests of the strict JSON schemas generated from Java types, and proof that each
 * follows OpenAI's strict-mode rules and is accepted in a request as a response format
 * and as a tool's parameters.
 */
class JsonSchemasTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void describesARecordWithDescriptionsANullablePropertyAndAnEnum() {
		assertThat(JsonSchemas.strict(WeatherQuery.class)).isEqualTo(JSON.readTree("""
				{"type": "object",
				 "properties": {
				   "city": {"type": "string", "description": "The city, such as Paris"},
				   "country": {"type": ["string", "null"]},
				   "units": {"type": "string", "enum": ["c", "f"]}},
				 "required": ["city", "country", "units"],
				 "description": "Where and how to report the weather",
				 "additionalProperties": false}
				"""));
	}

	@Test
	void describesListsNestedRecordsOptionalsPrimitivesAndDates() {
		assertThat(JsonSchemas.strict(Trip.class)).isEqualTo(JSON.readTree("""
				{"type": "object",
				 "properties": {
				   "name": {"type": "string"},
				   "stops": {"type": "array", "items": {
				     "type": "object",
				     "properties": {
				       "city": {"type": "string"},
				       "arrival": {"type": ["string", "null"], "format": "date"}},
				     "required": ["city", "arrival"],
				     "additionalProperties": false}},
				   "note": {"type": ["string", "null"]},
				   "days": {"type": "integer"},
				   "budget": {"type": ["integer", "null"]},
				   "returnTrip": {"type": "boolean"},
				   "tags": {"type": "array", "items": {"type": "string"}},
				   "scores": {"type": "array", "items": {"type": "number"}}},
				 "required": ["name", "stops", "note", "days", "budget", "returnTrip", "tags", "scores"],
				 "additionalProperties": false}
				"""));
	}

	@Test
	void listsPropertiesInDeclarationOrderSoModelsWriteThemInThatOrder() {
		JsonNode schema = JsonSchemas.strict(Trip.class);

		assertThat(schema.get("properties").propertyNames()).containsExactly("name", "stops", "note", "days", "budget",
				"returnTrip", "tags", "scores");
	}

	@Test
	void describesARecursiveTypeWithAReferenceToTheRoot() {
		assertThat(JsonSchemas.strict(Tree.class)).isEqualTo(JSON.readTree("""
				{"type": "object",
				 "properties": {
				   "label": {"type": "string"},
				   "children": {"type": "array", "items": {"$ref": "#"}}},
				 "required": ["label", "children"],
				 "additionalProperties": false}
				"""));
	}

	@Test
	void sharesATypeUsedTwiceThroughDefsAndWritesItOutWhereAReferenceWouldHaveSiblings() {
		assertThat(JsonSchemas.strict(Route.class)).isEqualTo(JSON.readTree("""
				{"$defs": {"Stop": {
				   "type": "object",
				   "properties": {
				     "city": {"type": "string"},
				     "arrival": {"type": ["string", "null"], "format": "date"}},
				   "required": ["city", "arrival"],
				   "additionalProperties": false}},
				 "type": "object",
				 "properties": {
				   "from": {
				     "type": "object",
				     "properties": {
				       "city": {"type": "string"},
				       "arrival": {"type": ["string", "null"], "format": "date"}},
				     "required": ["city", "arrival"],
				     "additionalProperties": false,
				     "description": "Where the route starts"},
				   "to": {"$ref": "#/$defs/Stop"},
				   "units": {"anyOf": [{"type": "null"}, {"type": "string", "enum": ["c", "f"]}]},
				   "via": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/Stop"}]}},
				 "required": ["from", "to", "units", "via"],
				 "additionalProperties": false}
				"""));
	}

	@Test
	void describesARecordWithoutComponentsAsAnEmptyObject() {
		assertThat(JsonSchemas.strict(NoArguments.class)).isEqualTo(JSON.readTree("""
				{"type": "object", "additionalProperties": false, "properties": {}, "required": []}
				"""));
	}

	static Stream<Class<?>> types() {
		return Stream.of(WeatherQuery.class, Trip.class, Tree.class, Route.class, NoArguments.class);
	}

	@ParameterizedTest
	@MethodSource("types")
	void everyGeneratedSchemaFollowsTheStrictModeRules(Class<?> type) {
		assertThat(StrictSchemaRules.violations(JsonSchemas.strict(type))).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("types")
	void everyGeneratedSchemaIsAcceptedAsAResponseFormatAndAsToolParameters(Class<?> type) {
		ObjectNode schema = JsonSchemas.strict(type);
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("gpt-4o-2024-08-06")
			.messages(List.of(Message.user("Hi")))
			.responseFormat(ResponseFormat.jsonSchema(JsonSchemas.name(type), schema, true))
			.tools(List.of(Tool.function(JsonSchemas.name(type), "A tool", schema)))
			.build();

		OpenApiRequestSchema.chatCompletionRequest().assertValid(WireJson.mapper().writeValueAsString(request));
	}

	@Test
	void refusesMapsWhosePropertiesStrictModeCannotList() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(WithMap.class))
			.withMessageContaining("Map")
			.withMessageContaining("use a record or a list of records");
	}

	@Test
	void refusesATypeThatIsNotAnObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.strict(String.class))
			.withMessageContaining("must be an object");
	}

	@Test
	void returnsACopyThatCallersMayChange() {
		JsonSchemas.strict(WeatherQuery.class).put("title", "changed");

		assertThat(JsonSchemas.strict(WeatherQuery.class).has("title")).isFalse();
	}

	@Test
	void namesASchemaAfterTheTypeWithOnlyTheCharactersNamesAllow() {
		assertThat(JsonSchemas.name(WeatherQuery.class)).isEqualTo("WeatherQuery");
		assertThat(JsonSchemas.name(new Object() {
		}.getClass())).isEqualTo("Output");
		assertThat(JsonSchemas.name(int[].class)).isEqualTo("int__");
	}

	enum Units {

		@JsonProperty("c")
		CELSIUS,

		@JsonProperty("f")
		FAHRENHEIT

	}

	@JsonClassDescription("Where and how to report the weather")
	record WeatherQuery(@JsonPropertyDescription("The city, such as Paris") String city, @Nullable String country,
			Units units) {
	}

	record Stop(String city, @Nullable LocalDate arrival) {
	}

	record Trip(String name, List<Stop> stops, Optional<String> note, int days, @Nullable Integer budget,
			boolean returnTrip, List<String> tags, double[] scores) {
	}

	record Tree(String label, List<Tree> children) {
	}

	record Route(@JsonPropertyDescription("Where the route starts") Stop from, Stop to, @Nullable Units units,
			@Nullable Stop via) {
	}

	record NoArguments() {
	}

	record WithMap(Map<String, String> values) {
	}

}
