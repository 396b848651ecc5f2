package dev.chatconversation.client;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class OpenApiRequestSchemaTests {

	private static final String MINIMAL = """
			{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";

	private static final String RICH = """
			{
			  "model": "gpt-4o",
			  "messages": [
			    {"role": "developer", "content": "Be brief."},
			    {"role": "system", "content": [{"type": "text", "text": "You are helpful."}]},
			    {"role": "user", "name": "ann", "content": [
			      {"type": "text", "text": "What is in this picture, and what is said?"},
			      {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
			      {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
			      {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}
			    ]},
			    {"role": "assistant", "content": null, "tool_calls": [
			      {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}
			    ]},
			    {"role": "tool", "tool_call_id": "call_1", "content": "{\\"temperature\\":21}"},
			    {"role": "assistant", "content": "It is 21 degrees in Paris.", "refusal": null}
			  ],
			  "tools": [{
			    "type": "function",
			    "function": {
			      "name": "get_weather",
			      "description": "Current weather for a city",
			      "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
			      "strict": true
			    }
			  }],
			  "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
			  "parallel_tool_calls": false,
			  "response_format": {
			    "type": "json_schema",
			    "json_schema": {
			      "name": "answer",
			      "schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"], "additionalProperties": false},
			      "strict": true
			    }
			  },
			  "stream": true,
			  "stream_options": {"include_usage": true},
			  "temperature": 0.7,
			  "top_p": 1,
			  "frequency_penalty": 0.5,
			  "presence_penalty": -0.5,
			  "stop": ["\\n\\n", "END"],
			  "logit_bias": {"50256": -100},
			  "metadata": {"conversation": "42"},
			  "reasoning_effort": "low",
			  "seed": 1234,
			  "max_completion_tokens": 512,
			  "n": 1,
			  "logprobs": true,
			  "top_logprobs": 3,
			  "service_tier": "auto",
			  "store": false,
			  "prediction": {"type": "content", "content": "It is 21 degrees"},
			  "audio": {"voice": "alloy", "format": "mp3"},
			  "modalities": ["text", "audio"],
			  "web_search_options": {
			    "search_context_size": "low",
			    "user_location": {"type": "approximate", "approximate": {"country": "FR", "city": "Paris"}}
			  },
			  "verbosity": "medium",
			  "prompt_cache_key": "conversation-42",
			  "safety_identifier": "user-hash-1",
			  "user": "user-1234"
			}""";

	private final OpenApiRequestSchema schema = OpenApiRequestSchema.chatCompletionRequest();

	@Test
	void acceptsAMinimalRequest() {
		assertThat(this.schema.problems(MINIMAL)).isEmpty();
	}

	@Test
	void acceptsARequestUsingEveryCommonField() {
		assertThat(this.schema.problems(RICH)).isEmpty();
	}

	@Test
	void acceptsNullForFieldsTheDocumentMarksNullable() {
		String body = """
				{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],
				 "max_completion_tokens":null,"stream":null,"stop":null,"logit_bias":null,"n":null,
				 "prediction":null,"audio":null,"store":null,"seed":null,"temperature":null,
				 "stream_options":null,"web_search_options":{"user_location":null}}""";
		assertThat(this.schema.problems(body)).isEmpty();
	}

	@Test
	void acceptsUnknownFieldsAtTheTopLevelAndInMessages() {
		String body = """
				{"model":"gpt-4o","top_k":40,"provider":{"order":["a"]},"messages":[{"role":"user","x_trace":"1",
				 "content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}]}""";
		assertThat(this.schema.problems(body)).isEmpty();
	}

	@Test
	void ignoresTheGivenTopLevelFields() {
		String body = """
				{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""";
		assertThat(this.schema.problems(body, Set.of("temperature"))).isEmpty();
	}

	@Test
	void rejectsNullTopLogprobsAndUserBecauseTheSharedPropertiesDoNotAllowNull() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"top_logprobs":null,"user":null}"""))
			.contains("$.top_logprobs: null found, integer expected", "$.user: null found, string expected");
	}

	@Test
	void rejectsARequestWithoutMessages() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o"}""")).contains("$: required property 'messages' not found");
	}

	@Test
	void rejectsARequestWithEmptyMessages() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[]}""")).contains("$.messages: must have at least 1 items but found 0");
	}

	@Test
	void rejectsAMessageWithAnUnknownRole() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[{"role":"bogus","content":"hi"}]}"""))
			.contains("$.messages[0]: must be valid to one and only one schema, but 0 are valid")
			.contains("$.messages[0].role: does not have a value in the enumeration [\"user\"]");
	}

	@Test
	void rejectsATemperatureGivenAsAString() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":"0.7"}"""))
			.contains("$.temperature: string found, number expected");
	}

	@Test
	void rejectsAToolMessageWithoutToolCallId() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[{"role":"tool","content":"21"}]}"""))
			.contains("$.messages[0]: required property 'tool_call_id' not found");
	}

	@Test
	void rejectsAContentPartWithAnUnknownType() {
		assertThat(this.schema.problems("""
				{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"video","video":"x"}]}]}"""))
			.contains("$.messages[0].content[0].type: does not have a value in the enumeration [\"image_url\"]");
	}

	@Test
	void assertValidPassesForAValidBody() {
		assertThatNoException().isThrownBy(() -> this.schema.assertValid(MINIMAL));
	}

	@Test
	void assertValidFailsWithTheProblemsAndTheBody() {
		String body = """
				{"model":"gpt-4o","messages":[]}""";
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.schema.assertValid(body))
			.withMessageContaining("messages")
			.withMessageContaining(body);
	}

}
