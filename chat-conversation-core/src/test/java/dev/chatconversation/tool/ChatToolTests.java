package dev.chatconversation.tool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.FunctionDefinition;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.StrictSchemaRules;
import dev.chatconversation.structured.StructuredOutputException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for tools defined from Java: their definitions (strict schemas from the arguments
 * type, raw schemas, methods), the results sent back, and arguments that never reach the
 * handler unless they match.
 */
class ChatToolTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final ChatTool WEATHER = ChatTool.of("GetWeatherArgs", "The current weather", WeatherArgs.class,
			(query) -> new Weather(query.city(), 12, query.units()));

	@Test
	void aTypedToolIsAStrictFunctionWhoseSchemaIsGeneratedFromItsArgumentsType() {
		FunctionDefinition definition = WEATHER.definition();

		assertThat(definition.name()).isEqualTo("GetWeatherArgs");
		assertThat(definition.description()).isEqualTo("The current weather");
		assertThat(definition.strict()).isTrue();
		assertThat(definition.parameters()).isEqualTo(JsonSchemas.strict(WeatherArgs.class));
		assertThat(StrictSchemaRules.violations(definition.parameters())).isEmpty();
	}

	@Test
	void everyKindOfToolIsAcceptedInARequest() {
		ChatTool raw = ChatTool.raw("read_file", "Reads a file",
				JSON.readTree("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"),
				(arguments) -> "contents");
		ChatTool method = ChatTool.fromMethod(new Clock(), "now", "The time");
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("gpt-4o-2024-08-06")
			.messages(List.of(Message.user("Hi")))
			.tools(ToolSet.of(WEATHER, raw, method).wireTools())
			.build();

		OpenApiRequestSchema.chatCompletionRequest().assertValid(WireJson.mapper().writeValueAsString(request));
		assertThat(raw.definition().strict()).isNull();
	}

	@Test
	void anAnsweredCallSendsTheResultAsJsonWithTheCallsId() {
		ToolCall call = ToolCall.function("call_1", "GetWeatherArgs",
				"{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}");

		StepVerifier.create(WEATHER.call(call)).assertNext((result) -> {
			assertThat(result.failed()).isFalse();
			assertThat(JSON.readTree(result.content()))
				.isEqualTo(JSON.readTree("{\"city\":\"Edinburgh\",\"temperature\":12,\"units\":\"c\"}"));
			ToolMessage message = result.toMessage();
			assertThat(message.toolCallId()).isEqualTo("call_1");
			assertThat(message.text()).isEqualTo(result.content());
		}).verifyComplete();
	}

	@Test
	void aStringResultIsSentAsItIsAndNullAsNull() {
		ChatTool text = ChatTool.of("echo", null, Text.class, Text::value);
		ChatTool nothing = ChatTool.of("forget", null, Text.class, (argument) -> null);

		StepVerifier.create(text.call(ToolCall.function("a", "echo", "{\"value\": \"plain \\\"text\\\"\"}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("plain \"text\""))
			.verifyComplete();
		StepVerifier.create(nothing.call(ToolCall.function("b", "forget", "{\"value\": \"x\"}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("null"))
			.verifyComplete();
	}

	@Test
	void aToolThatThrowsSendsTheErrorTextInsteadOfFailing() {
		ChatTool failing = ChatTool.of("lookup", null, Text.class, (argument) -> {
			throw new IllegalStateException("No city called \"" + argument.value() + "\"");
		});

		StepVerifier.create(failing.call(ToolCall.function("call_9", "lookup", "{\"value\": \"Atlantis\"}")))
			.assertNext((result) -> {
				assertThat(result.failed()).isTrue();
				assertThat(JSON.readTree(result.content()))
					.isEqualTo(JSON.readTree("{\"error\": \"No city called \\\"Atlantis\\\"\"}"));
			})
			.verifyComplete();
	}

	@Test
	void invalidArgumentsFailWithTheToolTheCallAndTheProblemAndNeverReachTheHandler() {
		AtomicInteger invocations = new AtomicInteger();
		ChatTool counted = ChatTool.of("GetWeatherArgs", null, WeatherArgs.class, (query) -> {
			invocations.incrementAndGet();
			return "ok";
		});
		ToolCall garbage = ToolCall.function("call_x", "GetWeatherArgs", "{\"city\": \"Paris\"}{\"city\": \"Rome\"}");
		ToolCall missing = ToolCall.function("call_y", "GetWeatherArgs", "{\"country\": \"FR\", \"units\": \"c\"}");

		StepVerifier.create(counted.call(garbage)).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(ToolArgumentsException.class)
				.hasMessageContaining("GetWeatherArgs")
				.hasMessageContaining("call_x")
				.hasCauseInstanceOf(StructuredOutputException.class);
			ToolArgumentsException invalid = (ToolArgumentsException) failure;
			assertThat(invalid.toolName()).isEqualTo("GetWeatherArgs");
			assertThat(invalid.callId()).isEqualTo("call_x");
			assertThat(invalid.arguments()).isEqualTo(garbage.function().arguments());
			assertThat(((StructuredOutputException) invalid.getCause()).kind())
				.isEqualTo(StructuredOutputException.Kind.INVALID_JSON);
		}).verify();
		StepVerifier.create(counted.call(missing))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ToolArgumentsException.class)
				.hasMessageContaining("required property $.city is missing"))
			.verify();
		assertThat(invocations).hasValue(0);
	}

	@Test
	void aRawToolReceivesTheArgumentsObjectAndRefusesAnythingElse() {
		ChatTool raw = ChatTool.raw("read_file", "Reads a file", JSON.readTree("{\"type\":\"object\"}"),
				(arguments) -> "read " + arguments.get("path").asString());

		StepVerifier.create(raw.call(ToolCall.function("t", "read_file", "{\"path\": \"a.txt\"}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("read a.txt"))
			.verifyComplete();
		StepVerifier.create(raw.call(ToolCall.function("t", "read_file", "\"a.txt\"")))
			.expectError(ToolArgumentsException.class)
			.verify();
	}

	@Test
	void aMethodBecomesAToolNamedAfterIt() {
		ChatTool now = ChatTool.fromMethod(new Clock(), "now", "The time");
		ChatTool shift = ChatTool.fromMethod(new Clock(), "shift", "Shifts the time");

		assertThat(now.name()).isEqualTo("now");
		assertThat(now.definition().parameters()).isEqualTo(JSON
			.readTree("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{},\"required\":[]}"));
		assertThat(shift.definition().parameters()).isEqualTo(JsonSchemas.strict(Shift.class));
		StepVerifier.create(now.call(ToolCall.function("1", "now", "{}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("12:00"))
			.verifyComplete();
		StepVerifier.create(now.call(ToolCall.function("1", "now", "{\"zone\": \"UTC\"}")))
			.expectError(ToolArgumentsException.class)
			.verify();
		StepVerifier.create(shift.call(ToolCall.function("2", "shift", "{\"hours\": 3}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("15:00"))
			.verifyComplete();
	}

	@Test
	void aMethodThatThrowsACheckedExceptionSendsItsMessage() {
		ChatTool broken = ChatTool.fromMethod(new Clock(), "broken", null);

		StepVerifier.create(broken.call(ToolCall.function("1", "broken", "{}")))
			.assertNext((result) -> assertThat(result.content()).isEqualTo("{\"error\":\"The clock is broken\"}"))
			.verifyComplete();
	}

	@Test
	void refusesNamesTheApiRefusesAndAmbiguousMethods() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChatTool.of("get weather", null, Text.class, Text::value))
			.withMessageContaining("'get weather'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatTool.of("x".repeat(65), null, Text.class, Text::value));
		assertThatIllegalArgumentException().isThrownBy(() -> ChatTool.fromMethod(new Clock(), "missing", null))
			.withMessageContaining("missing");
	}

	@Test
	void aCallIsAnsweredOnlyByItsOwnTool() {
		StepVerifier.create(WEATHER.call(ToolCall.function("1", "other", "{}")))
			.expectError(IllegalArgumentException.class)
			.verify(Duration.ofSeconds(5));
	}

	record WeatherArgs(String city, @Nullable String country, String units) {
	}

	record Weather(String city, int temperature, String units) {
	}

	record Text(String value) {
	}

	record Shift(int hours) {
	}

	static class Clock {

		public String now() {
			return "12:00";
		}

		public String shift(Shift shift) {
			return (12 + shift.hours()) + ":00";
		}

		public String broken() throws Exception {
			throw new Exception("The clock is broken");
		}

	}

}
