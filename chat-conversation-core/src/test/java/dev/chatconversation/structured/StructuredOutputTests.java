package dev.chatconversation.structured;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.structured.StructuredOutputException.Kind;
import dev.chatconversation.testfixture.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for a structured output on its own: the response format it asks for and the
 * reading of captured replies, with a typed error for each way a reply can be unusable.
 */
class StructuredOutputTests {

	@Test
	void asksForTheStrictSchemaNamedAfterTheType() {
		ResponseFormat format = StructuredOutput.of(Weather.class).responseFormat();

		assertThat(format.type()).isEqualTo("json_schema");
		assertThat(format.jsonSchema().name()).isEqualTo("Weather");
		assertThat(format.jsonSchema().strict()).isTrue();
		assertThat(format.jsonSchema().schema()).isEqualTo(JsonSchemas.strict(Weather.class));
	}

	@Test
	void inJsonObjectModeAsksForJsonAndPutsTheSchemaInThePrompt() {
		StructuredOutput<Weather> output = StructuredOutput.of(Weather.class, OutputMode.JSON_OBJECT);

		assertThat(output.responseFormat()).isEqualTo(ResponseFormat.jsonObject());
		assertThat(output.prompt("Weather in SF?")).startsWith("Weather in SF?\n\n")
			.contains("JSON")
			.contains(JsonSchemas.strict(Weather.class).toString());
		assertThat(StructuredOutput.of(Weather.class).prompt("Weather in SF?")).isEqualTo("Weather in SF?");
	}

	@Test
	void readsTheCapturedJsonSchemaReply() {
		Weather weather = StructuredOutput.of(Weather.class)
			.read(completion("openai/chat-completion-json-schema.json"));

		assertThat(weather).isEqualTo(new Weather("San Francisco", 65, "f"));
	}

	@Test
	void aCapturedRefusalIsARefusalWithItsText() {
		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(
					() -> StructuredOutput.of(Weather.class).read(completion("openai/chat-completion-refusal.json")))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.REFUSAL);
				assertThat(failure.rawText()).isEqualTo("I'm very sorry, but I can't assist with that.");
			});
	}

	@Test
	void aCapturedReplyCutByTheTokenLimitIsTruncatedNotInvalid() {
		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> StructuredOutput.of(Weather.class)
				.read(completion("openai/chat-completion-length-truncated-json.json")))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.TRUNCATED);
				assertThat(failure.rawText()).isEqualTo("{\"");
			})
			.withMessageContaining("allow more tokens");
	}

	@Test
	void inJsonObjectModeAcceptsAnObjectWrappedInACodeFence() {
		AssistantMessage reply = AssistantMessage.builder()
			.content("```json\n{\"city\": \"Paris\", \"temperature\": 18, \"units\": \"c\"}\n```")
			.finishReason("stop")
			.build();

		assertThat(StructuredOutput.of(Weather.class, OutputMode.JSON_OBJECT).read(reply))
			.isEqualTo(new Weather("Paris", 18, "c"));
		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> StructuredOutput.of(Weather.class).read(reply))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(Kind.INVALID_JSON));
	}

	@Test
	void aResponseWithoutChoicesIsInvalid() {
		ChatCompletion empty = WireJson.mapper().readValue("{\"id\":\"x\",\"choices\":[]}", ChatCompletion.class);

		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> StructuredOutput.of(Weather.class).read(empty))
			.satisfies((failure) -> assertThat(failure.kind()).isEqualTo(Kind.INVALID_JSON));
	}

	@Test
	void cutsALongRawTextInTheMessageButKeepsItWhole() {
		String longText = "x".repeat(1000);
		AssistantMessage reply = AssistantMessage.builder().content(longText).finishReason("stop").build();

		assertThatExceptionOfType(StructuredOutputException.class)
			.isThrownBy(() -> StructuredOutput.of(Weather.class).read(reply))
			.satisfies((failure) -> {
				assertThat(failure.rawText()).isEqualTo(longText);
				assertThat(failure.getMessage()).hasSizeLessThan(500);
			});
	}

	private static ChatCompletion completion(String fixture) {
		return WireJson.mapper().readValue(Fixtures.bytes(fixture), ChatCompletion.class);
	}

	record Weather(String city, int temperature, String units) {
	}

}
