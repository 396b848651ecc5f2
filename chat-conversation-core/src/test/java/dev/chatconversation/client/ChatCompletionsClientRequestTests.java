package dev.chatconversation.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.AudioOptions;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.FunctionCallOption;
import dev.chatconversation.client.model.FunctionDefinition;
import dev.chatconversation.client.model.Prediction;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.client.model.ToolChoice;
import dev.chatconversation.client.model.WebSearchOptions;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Exchange;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the client puts on the wire: body, headers, URL, and when it sends.
 */
class ChatCompletionsClientRequestTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String EVERY_PARAMETER = """
			{
			  "messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Say hello"}],
			  "model": "gpt-4o",
			  "audio": {"voice": "alloy", "format": "mp3"},
			  "frequency_penalty": 0.5,
			  "function_call": "auto",
			  "functions": [{"name": "get_time", "description": "Current time",
			    "parameters": {"type": "object", "properties": {}}}],
			  "logit_bias": {"50256": -100},
			  "logprobs": true,
			  "max_completion_tokens": 512,
			  "max_tokens": 256,
			  "metadata": {"conversationId": "42"},
			  "modalities": ["text", "audio"],
			  "n": 1,
			  "parallel_tool_calls": false,
			  "prediction": {"type": "content", "content": "Hello"},
			  "presence_penalty": -0.5,
			  "prompt_cache_key": "conversation-42",
			  "reasoning_effort": "low",
			  "response_format": {"type": "json_schema", "json_schema": {"name": "answer",
			    "schema": {"type": "object", "properties": {"text": {"type": "string"}}}, "strict": true}},
			  "safety_identifier": "user-hash-1",
			  "seed": 1234,
			  "service_tier": "auto",
			  "stop": ["\\n\\n", "END"],
			  "store": false,
			  "stream": true,
			  "stream_options": {"include_usage": true},
			  "temperature": 0.7,
			  "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
			  "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather in a city",
			    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}}],
			  "top_logprobs": 3,
			  "top_p": 0.9,
			  "user": "user-1234",
			  "verbosity": "medium",
			  "web_search_options": {"search_context_size": "low",
			    "user_location": {"type": "approximate", "approximate": {"country": "FR"}}}
			}""";

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.organization("org-42")
		.project("proj-7")
		.defaultHeader("X-Team", "core")
		.build();

	@Test
	void whenEveryParameterIsSetThenStreamSendsEachAsDocumentedSnakeCase() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"), Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(this.client.stream(everyParameter())).expectNextCount(2).verifyComplete();
		assertThat(body(0)).isEqualTo(JSON.readTree(EVERY_PARAMETER));
	}

	@Test
	void whenEveryParameterIsSetThenCreateSendsThemAllButStreamAndStreamOptions() {
		StepVerifier.create(this.client.create(everyParameter())).expectNextCount(1).verifyComplete();
		ObjectNode expected = (ObjectNode) JSON.readTree(EVERY_PARAMETER);
		expected.remove(List.of("stream", "stream_options"));
		assertThat(body(0)).isEqualTo(expected);
	}

	@Test
	void whenStreamOptionsAreSetWithoutStreamThenCreateStillLeavesThemOut() {
		ChatCompletionRequest request = Payloads.request().mutate().streamOptions(StreamOptions.withUsage()).build();
		StepVerifier.create(this.client.create(request)).expectNextCount(1).verifyComplete();
		assertThat(body(0).has("stream_options")).isFalse();
		assertThat(body(0).has("stream")).isFalse();
	}

	@Test
	void whenParametersAreUnsetThenOnlyModelAndMessagesAreSent() {
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(body(0)).isEqualTo(JSON.readTree("""
				{"messages": [{"role": "user", "content": "Say hello"}], "model": "gpt-4o-mini"}"""));
	}

	@Test
	void whenStreamingThenStreamTrueIsSentWithoutOtherFields() {
		this.server.reply(FakeChatServer.stream(Flux.just(Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(body(0)).isEqualTo(JSON.readTree("""
				{"messages": [{"role": "user", "content": "Say hello"}], "model": "gpt-4o-mini", "stream": true}"""));
		assertThat(this.server.exchanges().get(0).header("Accept")).isEqualTo("text/event-stream");
	}

	@Test
	void whenExtraBodyIsSetThenItsFieldsAreAddedAndOverrideModelledOnes() {
		ObjectNode searchArgs = JsonNodeFactory.instance.objectNode().put("k", 5);
		ChatCompletionRequest request = Payloads.request()
			.mutate()
			.temperature(0.7)
			.extraBodyField("temperature", JsonNodeFactory.instance.numberNode(0.2))
			.extraBodyField("search", JsonNodeFactory.instance.booleanNode(true))
			.extraBodyField("search_args", searchArgs)
			.build();
		StepVerifier.create(this.client.create(request)).expectNextCount(1).verifyComplete();
		assertThat(body(0).get("temperature").doubleValue()).isEqualTo(0.2);
		assertThat(body(0).get("search").booleanValue()).isTrue();
		assertThat(body(0).get("search_args")).isEqualTo(searchArgs);
		assertThat(this.server.exchanges().get(0).bodyText()).containsOnlyOnce("\"temperature\"");
	}

	@Test
	void whenExtraHeadersAreSetThenTheyAreSentWithTheClientHeaders() {
		ChatCompletionRequest request = Payloads.request().mutate().extraHeader("X-Trace", "abc").build();
		StepVerifier.create(this.client.create(request)).expectNextCount(1).verifyComplete();
		Exchange exchange = this.server.exchanges().get(0);
		assertThat(exchange.method()).isEqualTo("POST");
		assertThat(exchange.header("X-Trace")).isEqualTo("abc");
		assertThat(exchange.header("X-Team")).isEqualTo("core");
		assertThat(exchange.header("Authorization")).isEqualTo("Bearer sk-test-0123456789");
		assertThat(exchange.header("OpenAI-Organization")).isEqualTo("org-42");
		assertThat(exchange.header("OpenAI-Project")).isEqualTo("proj-7");
		assertThat(exchange.header("Content-Type")).isEqualTo("application/json");
		assertThat(exchange.header("Accept")).isEqualTo("application/json");
	}

	@Test
	void whenNoApiKeyIsSetThenNoAuthorizationHeaderIsSent() {
		ChatCompletionsClient ollama = ChatCompletionsClient.builder().baseUrl(this.server.baseUrl()).build();
		StepVerifier.create(ollama.create(Payloads.request())).expectNextCount(1).verifyComplete();
		Exchange exchange = this.server.exchanges().get(0);
		assertThat(exchange.headers().contains("Authorization")).isFalse();
		assertThat(exchange.headers().contains("OpenAI-Organization")).isFalse();
	}

	@Test
	void whenExtraQueryIsSetThenItIsAppendedToTheUrlWithValuesEncoded() {
		ChatCompletionRequest request = Payloads.request()
			.mutate()
			.extraQueryParam("api-version", "2024-10-21")
			.extraQueryParam("q", "a&b=c d+e/é")
			.build();
		StepVerifier.create(this.client.create(request)).expectNextCount(1).verifyComplete();
		QueryStringDecoder uri = new QueryStringDecoder(this.server.exchanges().get(0).uri());
		assertThat(uri.path()).isEqualTo("/v1/chat/completions");
		assertThat(uri.parameters()).containsExactly(Map.entry("api-version", List.of("2024-10-21")),
				Map.entry("q", List.of("a&b=c d+e/é")));
	}

	@ParameterizedTest
	@CsvSource({ "/v1, /v1/chat/completions", "/v1/, /v1/chat/completions", "/v1//, /v1/chat/completions",
			"/v1beta/openai, /v1beta/openai/chat/completions", "/v1beta/openai/, /v1beta/openai/chat/completions",
			"/compatible-mode/v1, /compatible-mode/v1/chat/completions" })
	void whenTheBaseUrlHasAVersionPathThenChatCompletionsIsAppendedToIt(String basePath, String requestPath) {
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.port() + basePath)
			.build();
		StepVerifier.create(client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(this.server.exchanges().get(0).uri()).isEqualTo(requestPath);
	}

	@ParameterizedTest
	@CsvSource({ "https://api.openai.com/v1, https://api.openai.com/v1/chat/completions",
			"https://api.openai.com/v1/, https://api.openai.com/v1/chat/completions",
			"https://generativelanguage.googleapis.com/v1beta/openai/, https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
			"http://localhost:11434/v1, http://localhost:11434/v1/chat/completions",
			"'  https://api.deepseek.com  ', https://api.deepseek.com/chat/completions" })
	void whenProvidersBaseUrlsAreGivenThenTheEndpointIsTheirChatCompletionsPath(String baseUrl, String endpoint) {
		ClientSettings settings = ClientSettings.from(ChatCompletionsClient.builder().baseUrl(baseUrl));
		assertThat(settings.endpoint()).hasToString(endpoint);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   " })
	void whenTheBaseUrlIsMissingThenBuildingFailsSayingSo(String baseUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChatCompletionsClient.builder().baseUrl(baseUrl).build())
			.withMessageContaining("base URL is missing")
			.withMessageContaining("https://api.openai.com/v1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "api.openai.com/v1", "ftp://api.openai.com/v1", "http://", "https:///v1",
			"http://exa mple.com/v1", "https://api.openai.com/v1?api-version=1", "https://api.openai.com/v1#top" })
	void whenTheBaseUrlIsMalformedThenBuildingFailsNamingIt(String baseUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> ChatCompletionsClient.builder().baseUrl(baseUrl).build())
			.withMessageContaining("'" + baseUrl + "'");
	}

	@Test
	void whenCreateIsNotSubscribedThenNothingIsSentAndEachSubscriptionSendsAgain() {
		Mono<?> create = this.client.create(Payloads.request());
		Flux<?> stream = this.client.stream(Payloads.request());
		assertThat(this.server.requestCount()).isZero();
		StepVerifier.create(this.client.create(Payloads.request().mutate().model("probe").build()))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(this.server.requestCount()).isOne();
		assertThat(stream).isNotNull();
		StepVerifier.create(create).expectNextCount(1).verifyComplete();
		StepVerifier.create(create).expectNextCount(1).verifyComplete();
		assertThat(this.server.requestCount()).isEqualTo(3);
		assertThat(this.server.exchanges().get(1).body()).isEqualTo(this.server.exchanges().get(2).body());
	}

	@Test
	void whenStreamIsNotSubscribedThenNothingIsSentAndEachSubscriptionSendsAgain() {
		this.server.reply(FakeChatServer.json(200, Payloads.completion("probe")),
				FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"), Payloads.finish(), Payloads.DONE)));
		Flux<?> stream = this.client.stream(Payloads.request());
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(this.server.requestCount()).isOne();
		StepVerifier.create(stream).expectNextCount(2).verifyComplete();
		StepVerifier.create(stream).expectNextCount(2).verifyComplete();
		assertThat(this.server.requestCount()).isEqualTo(3);
	}

	@Test
	void whenTheClientIsMutatedThenTheCopyKeepsItsSettingsAndTheOriginalIsUnchanged() {
		ChatCompletionsClient copy = this.client.mutate().defaultHeader("X-Team", "other").build();
		StepVerifier.create(copy.create(Payloads.request())).expectNextCount(1).verifyComplete();
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		assertThat(this.server.exchanges()).extracting((exchange) -> exchange.header("X-Team"))
			.containsExactly("other", "core");
		assertThat(this.server.exchanges()).extracting((exchange) -> exchange.header("Authorization"))
			.containsOnly("Bearer sk-test-0123456789");
	}

	@Test
	void whenTheRequestHasNoModelThenTheCallFailsBeforeSendingAnything() {
		ChatCompletionRequest request = Payloads.request().mutate().model(null).build();
		StepVerifier.create(this.client.create(request)).verifyError(IllegalArgumentException.class);
		StepVerifier.create(this.client.stream(request)).verifyError(IllegalArgumentException.class);
		assertThat(this.server.requestCount()).isZero();
	}

	private JsonNode body(int index) {
		return JSON.readTree(this.server.exchanges().get(index).body());
	}

	private static ChatCompletionRequest everyParameter() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode timeParameters = nodes.objectNode().put("type", "object");
		timeParameters.putObject("properties");
		ObjectNode weatherParameters = nodes.objectNode().put("type", "object");
		weatherParameters.putObject("properties").putObject("city").put("type", "string");
		ObjectNode answerSchema = nodes.objectNode().put("type", "object");
		answerSchema.putObject("properties").putObject("text").put("type", "string");
		ObjectNode location = nodes.objectNode().put("type", "approximate");
		location.putObject("approximate").put("country", "FR");
		return ChatCompletionRequest.builder()
			.messages(List.of(Message.developer("Be brief."), Message.user("Say hello")))
			.model("gpt-4o")
			.audio(new AudioOptions("alloy", "mp3"))
			.frequencyPenalty(0.5)
			.functionCall(FunctionCallOption.auto())
			.functions(List.of(new FunctionDefinition("get_time", "Current time", timeParameters, null)))
			.logitBias(Map.of("50256", -100))
			.logprobs(true)
			.maxCompletionTokens(512)
			.maxTokens(256)
			.metadata(Map.of("conversationId", "42"))
			.modalities(List.of("text", "audio"))
			.n(1)
			.parallelToolCalls(false)
			.prediction(new Prediction("content", nodes.stringNode("Hello")))
			.presencePenalty(-0.5)
			.promptCacheKey("conversation-42")
			.reasoningEffort("low")
			.responseFormat(ResponseFormat.jsonSchema("answer", answerSchema, true))
			.safetyIdentifier("user-hash-1")
			.seed(1234L)
			.serviceTier("auto")
			.stop(List.of("\n\n", "END"))
			.store(false)
			.stream(true)
			.streamOptions(StreamOptions.withUsage())
			.temperature(0.7)
			.toolChoice(ToolChoice.function("get_weather"))
			.tools(List
				.of(Tool.function(new FunctionDefinition("get_weather", "Weather in a city", weatherParameters, true))))
			.topLogprobs(3)
			.topP(0.9)
			.user("user-1234")
			.verbosity("medium")
			.webSearchOptions(new WebSearchOptions("low", location))
			.timeout(Duration.ofMinutes(1))
			.build();
	}

}
