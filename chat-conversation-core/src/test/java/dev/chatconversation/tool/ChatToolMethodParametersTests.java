package dev.chatconversation.tool;

import java.lang.reflect.Method;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.structured.StrictSchemaRules;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for tools made from a method with several parameters: one strict object schema
 * whose properties are the parameters, and arguments read strictly into them.
 */
class ChatToolMethodParametersTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ChatTool convert = ChatTool.fromMethod(new Converter(), method("convert"), "convert_currency",
			"Converts an amount");

	@Test
	void whenAMethodHasSeveralParametersThenTheSchemaIsOneStrictObjectOfThem() {
		assertThat(this.convert.name()).isEqualTo("convert_currency");
		assertThat(this.convert.definition().strict()).isTrue();
		assertThat(this.convert.definition().parameters()).isEqualTo(JSON.readTree("""
				{"type":"object","properties":{
				  "amount":{"type":"number","description":"The amount to convert"},
				  "from":{"type":"string"},
				  "to":{"type":["string","null"]},
				  "rounding":{"type":"array","items":{"type":"integer"}}},
				 "required":["amount","from","to","rounding"],"additionalProperties":false}
				"""));
		assertThat(StrictSchemaRules.violations(this.convert.definition().parameters())).isEmpty();
	}

	@Test
	void whenTheModelCallsTheToolThenTheArgumentsReachTheParameters() {
		ToolCall call = ToolCall.function("call_1", "convert_currency",
				"{\"amount\": 2.5, \"from\": \"EUR\", \"to\": null, \"rounding\": [2]}");

		StepVerifier.create(this.convert.call(call))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("2.5 EUR in USD, rounded [2]"))
			.verifyComplete();
	}

	@Test
	void whenAnArgumentHasTheWrongTypeThenTheCallFailsWithoutRunningTheMethod() {
		ToolCall call = ToolCall.function("call_1", "convert_currency",
				"{\"amount\": \"2.5\", \"from\": \"EUR\", \"to\": null, \"rounding\": []}");

		StepVerifier.create(this.convert.call(call))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ToolArgumentsException.class)
				.hasMessageContaining("$.amount"))
			.verify();
	}

	@Test
	void whenTheArgumentsMissOneOrAddOneThenTheCallFails() {
		StepVerifier
			.create(this.convert.call(ToolCall.function("c", "convert_currency", "{\"amount\": 1, \"to\": null}")))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ToolArgumentsException.class)
				.hasMessageContaining("$.from"))
			.verify();
		StepVerifier
			.create(this.convert.call(ToolCall.function("c", "convert_currency",
					"{\"amount\": 1, \"from\": \"EUR\", \"to\": null, \"rounding\": [], \"fee\": 1}")))
			.expectErrorSatisfies(
					(error) -> assertThat(error).isInstanceOf(ToolArgumentsException.class).hasMessageContaining("fee"))
			.verify();
	}

	@Test
	void whenAParameterHasNoStrictSchemaThenTheToolIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatTool.fromMethod(new Converter(), method("open"), "open", null))
			.withMessageContaining("Object");
	}

	private static Method method(String name) {
		for (Method method : Converter.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalStateException(name);
	}

	static final class Converter {

		public String convert(@JsonPropertyDescription("The amount to convert") double amount, String from,
				@Nullable String to, List<Integer> rounding) {
			return amount + " " + from + " in " + ((to != null) ? to : "USD") + ", rounded " + rounding;
		}

		public String open(Object anything) {
			return "never";
		}

	}

}
