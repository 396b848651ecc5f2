package dev.chatconversation.client.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request as a value: its JSON body, its HTTP options kept out of that body, equality
 * and description.
 */
class ChatCompletionRequestTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void whenEveryParameterIsSetThenTheBodyIsByteForByteTheOneRecordedFromTheRecordRequest() throws IOException {
		// recorded from the record-based request (commit 5616d60), whose JSON came from
		// Jackson's record serialization
		String recorded;
		try (InputStream in = ChatCompletionRequestTests.class.getResourceAsStream("every-parameter-request.json")) {
			recorded = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		assertThat(WireJson.mapper().writeValueAsString(everyParameter())).isEqualTo(recorded);
	}

	@Test
	void whenOnlyModelAndMessagesAreSetThenTheBodyHasOnlyThem() {
		ChatCompletionRequest request = ChatCompletionRequest.builder().model("m").message(Message.user("Hi")).build();
		assertThat(WireJson.mapper().writeValueAsString(request))
			.isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model\":\"m\"}");
	}

	@Test
	void whenHttpOptionsAreSetThenTheBodyHoldsNoneOfThem() {
		ChatCompletionRequest request = minimal().extraHeader("api-key", "header-secret")
			.extraQueryParam("api-version", "query-value")
			.timeout(Duration.ofSeconds(42))
			.build();
		String body = WireJson.mapper().writeValueAsString(request);
		assertThat(body).isEqualTo(WireJson.mapper().writeValueAsString(minimal().build()))
			.doesNotContain("header-secret", "query-value", "api-key", "api-version", "42");
		assertThat(request.options()).isEqualTo(RequestOptions.builder()
			.extraHeader("api-key", "header-secret")
			.extraQueryParam("api-version", "query-value")
			.timeout(Duration.ofSeconds(42))
			.build());
	}

	@Test
	void whenAParameterIsSetBackToNullThenItIsLeftOutOfTheBody() {
		ChatCompletionRequest request = everyParameter().mutate().temperature(null).seed(null).build();
		JsonNode body = WireJson.mapper().valueToTree(request);
		assertThat(body.has("temperature")).isFalse();
		assertThat(body.has("seed")).isFalse();
		assertThat(body.has("top_p")).isTrue();
	}

	@Test
	void whenARequestIsMutatedWithoutChangesThenTheCopyIsEqualAndWritesTheSameBody() {
		ChatCompletionRequest request = everyParameter();
		ChatCompletionRequest copy = request.mutate().build();
		assertThat(copy).isNotSameAs(request).isEqualTo(request).hasSameHashCodeAs(request);
		assertThat(WireJson.mapper().writeValueAsString(copy)).isEqualTo(WireJson.mapper().writeValueAsString(request));
	}

	@Test
	void whenOneParameterOrOneHttpOptionDiffersThenRequestsAreNotEqual() {
		ChatCompletionRequest request = everyParameter();
		assertThat(request.mutate().topP(0.8).build()).isNotEqualTo(request);
		assertThat(request.mutate().message(Message.user("More")).build()).isNotEqualTo(request);
		assertThat(request.mutate().extraBodyField("other", NODES.nullNode()).build()).isNotEqualTo(request);
		assertThat(request.mutate().extraHeader("api-key", "another-secret").build()).isNotEqualTo(request);
		assertThat(request.mutate().timeout(null).build()).isNotEqualTo(request);
	}

	@Test
	void whenListsGivenToTheBuilderChangeAfterBuildingThenTheRequestKeepsItsValues() {
		List<String> stop = new ArrayList<>(List.of("END"));
		Map<String, String> metadata = new LinkedHashMap<>(Map.of("a", "1"));
		ChatCompletionRequest request = minimal().stop(stop).metadata(metadata).build();
		stop.add("STOP");
		metadata.put("b", "2");
		assertThat(request.stop()).containsExactly("END");
		assertThat(request.metadata()).containsExactlyEntriesOf(Map.of("a", "1"));
	}

	@Test
	void whenDescribedThenHeaderValuesAndMessageContentsAreLeftOut() {
		String description = everyParameter().toString();
		assertThat(description).isEqualTo("ChatCompletionRequest[model=gpt-4o, messages=2, stream=true, "
				+ "extraBody=[search], extraHeaders=[api-key], extraQuery=[api-version], timeout=PT1M]");
		assertThat(description).doesNotContain("secret-value", "Be brief");
	}

	@Test
	void whenHttpOptionsAreSetAsAWholeThenTheyReplaceTheOnesSetOneByOne() {
		RequestOptions options = RequestOptions.builder().extraHeader("X-Team", "core").build();
		ChatCompletionRequest request = minimal().extraHeader("api-key", "secret")
			.timeout(Duration.ofSeconds(1))
			.options(options)
			.build();
		assertThat(request.options()).isEqualTo(options);
		assertThat(request.extraHeaders()).containsExactlyEntriesOf(Map.of("X-Team", "core"));
		assertThat(request.timeout()).isNull();
	}

	private static ChatCompletionRequest.Builder minimal() {
		return ChatCompletionRequest.builder().model("m").message(Message.user("Hi"));
	}

	/**
	 * Every parameter, with values whose writing could differ: a two-entry map whose
	 * order counts, escaped and non-ASCII text, a long, a double in exponent notation.
	 */
	static ChatCompletionRequest everyParameter() {
		ObjectNode schema = NODES.objectNode().put("type", "object");
		schema.putObject("properties").putObject("city").put("type", "string");
		ObjectNode location = NODES.objectNode().put("type", "approximate");
		location.putObject("approximate").put("country", "FR");
		Map<String, Integer> bias = new LinkedHashMap<>();
		bias.put("50256", -100);
		bias.put("1734", 5);
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("conversation", "42");
		metadata.put("tenant", "a\"b");
		return ChatCompletionRequest.builder()
			.message(Message.developer("Be brief."))
			.message(Message.user("Say \"hello\" \u00e9\u20ac"))
			.model("gpt-4o")
			.audio(new AudioOptions("alloy", "mp3"))
			.frequencyPenalty(0.1)
			.functionCall(FunctionCallOption.auto())
			.functions(List.of(new FunctionDefinition("get_time", "Current time", schema, null)))
			.logitBias(bias)
			.logprobs(true)
			.maxCompletionTokens(512)
			.maxTokens(256)
			.metadata(metadata)
			.modalities(List.of("text", "audio"))
			.n(2)
			.parallelToolCalls(false)
			.prediction(new Prediction("content", NODES.stringNode("Hello")))
			.presencePenalty(-0.5)
			.promptCacheKey("conversation-42")
			.reasoningEffort("low")
			.responseFormat(ResponseFormat.jsonSchema("answer", schema, true))
			.safetyIdentifier("user-hash-1")
			.seed(12345678901L)
			.serviceTier("flex")
			.stop(List.of("\n\n", "END"))
			.store(false)
			.stream(true)
			.streamOptions(new StreamOptions(true, false))
			.temperature(1.0E-7)
			.toolChoice(ToolChoice.function("get_weather"))
			.tools(List.of(Tool.function(new FunctionDefinition("get_weather", "Weather in a city", schema, true))))
			.topLogprobs(3)
			.topP(0.9)
			.user("user-1234")
			.verbosity("medium")
			.webSearchOptions(new WebSearchOptions("low", location))
			.extraBodyField("search", NODES.booleanNode(true))
			.extraHeader("api-key", "secret-value")
			.extraQueryParam("api-version", "2024-10-21")
			.timeout(Duration.ofMinutes(1))
			.build();
	}

}
