package dev.chatconversation.structured;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.chatconversation.structured.StructuredOutputException.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for reading JSON strictly into Java types: what a strict schema would refuse is
 * refused with the kind and the JSON path of the problem, never turned into a value.
 */
class StrictJsonTests {

	@Test
	void readsValidJsonIntoARecordWithNullableAndOptionalProperties() {
		Order order = StrictJson.read("""
				{"item": "tea", "quantity": 2, "size": "L", "note": null, "gift": "for Ana",
				 "lines": [{"sku": "T-1", "price": 2.5}]}
				""", Order.class);

		assertThat(order)
			.isEqualTo(new Order("tea", 2, Size.LARGE, null, Optional.of("for Ana"), List.of(new Line("T-1", 2.5))));
	}

	@Test
	void acceptsNullablePropertiesLeftOutAsNonStrictModelsDo() {
		Order order = StrictJson.read("""
				{"item": "tea", "quantity": 2, "size": "L", "lines": []}
				""", Order.class);

		assertThat(order.note()).isNull();
		assertThat(order.gift()).isEmpty();
	}

	static Stream<Arguments> mismatches() {
		String valid = "\"item\": \"tea\", \"quantity\": 2, \"size\": \"L\", \"note\": null, \"gift\": null";
		return Stream.of(
				arguments("missing required property", "{\"quantity\": 2, \"size\": \"L\", \"lines\": []}",
						"required property $.item is missing"),
				arguments("null for a non-nullable property",
						"{\"item\": null, \"quantity\": 2, \"size\": \"L\", \"lines\": []}", "property $.item is null"),
				arguments("null for a primitive",
						"{\"item\": \"tea\", \"quantity\": null, \"size\": \"L\", \"lines\": []}",
						"$.quantity is null"),
				arguments("missing nested property", "{" + valid + ", \"lines\": [{\"sku\": \"T-1\"}]}",
						"required property $.lines[0].price is missing"),
				arguments("null list element", "{" + valid + ", \"lines\": [null]}", "element $.lines[0] is null"),
				arguments("unknown property", "{" + valid + ", \"lines\": [], \"colour\": \"red\"}", "colour"),
				arguments("string for an integer",
						"{\"item\": \"tea\", \"quantity\": \"2\", \"size\": \"L\", \"lines\": []}", "int"),
				arguments("fraction for an integer",
						"{\"item\": \"tea\", \"quantity\": 2.5, \"size\": \"L\", \"lines\": []}", "int"),
				arguments("number for a string", "{\"item\": 7, \"quantity\": 2, \"size\": \"L\", \"lines\": []}",
						"String"),
				arguments("boolean for a string", "{\"item\": true, \"quantity\": 2, \"size\": \"L\", \"lines\": []}",
						"String"),
				arguments("unknown enum value", "{\"item\": \"tea\", \"quantity\": 2, \"size\": \"XL\", \"lines\": []}",
						"XL"),
				arguments("enum by index", "{\"item\": \"tea\", \"quantity\": 2, \"size\": 0, \"lines\": []}", "Size"),
				arguments("an array instead of an object", "[1, 2]", "Order"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mismatches")
	void refusesJsonThatDoesNotMatchTheTypeAndSaysWhere(String name, String json, String expected) {
		assertThatExceptionOfType(StructuredOutputException.class).isThrownBy(() -> StrictJson.read(json, Order.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.SCHEMA_MISMATCH);
				assertThat(failure.rawText()).isEqualTo(json);
			})
			.withMessageContaining(expected);
	}

	static Stream<Arguments> invalidJson() {
		return Stream.of(arguments("cut short", "{\"item\": \"te"), arguments("prose", "Sure! Here it is."),
				arguments("trailing text", "{\"item\": \"tea\"} and more"), arguments("empty", ""),
				arguments("two objects glued together", "{\"a\":1}{\"b\":2}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidJson")
	void refusesTextThatIsNotOneJsonValue(String name, String text) {
		assertThatExceptionOfType(StructuredOutputException.class).isThrownBy(() -> StrictJson.read(text, Order.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.INVALID_JSON);
				assertThat(failure.rawText()).isEqualTo(text);
			});
	}

	@Test
	void readsAnObjectAndRefusesAnyOtherJsonValue() {
		assertThat(StrictJson.readObject("{\"path\": \"a.txt\"}").get("path").asString()).isEqualTo("a.txt");
		assertThatExceptionOfType(StructuredOutputException.class).isThrownBy(() -> StrictJson.readObject("[1]"))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(Kind.SCHEMA_MISMATCH))
			.withMessageContaining("expected a JSON object but found array");
	}

	enum Size {

		@JsonProperty("S")
		SMALL,

		@JsonProperty("L")
		LARGE

	}

	record Order(String item, int quantity, Size size, @Nullable String note, Optional<String> gift, List<Line> lines) {
	}

	record Line(String sku, double price) {
	}

}
