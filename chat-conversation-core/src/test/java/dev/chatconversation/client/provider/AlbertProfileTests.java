package dev.chatconversation.client.provider;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.stream.ChatCompletionAccumulator;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.chatconversation.client.provider.ProviderFixtures.assertValidOpenAiRequest;
import static dev.chatconversation.client.provider.ProviderFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code albert} profile: its request extensions {@code search} and
 * {@code search_args} are sent from {@code extraBody}, and its {@code usage.cost},
 * {@code usage.carbon} and {@code search_results} are kept. No capture of Albert is
 * available, so the bodies are synthetic, in the shape described in
 * {@code shared/providers.md} (a final {@code choices: []} chunk with usage and search
 * results).
 */
class AlbertProfileTests {

	private static final String PATH = "/v1/chat/completions";

	private static final String USAGE = """
			{"prompt_tokens":120,"completion_tokens":8,"total_tokens":128,"cost":0.00042,\
			"carbon":{"kWh":{"min":0.00011,"max":0.00032},"kgCO2eq":{"min":0.000006,"max":0.000019}}}""";

	private static final String SEARCH_RESULTS = """
			[{"method":"semantic","score":0.82,"chunk":{"id":7,"content":"Le service public...",\
			"metadata":{"document_name":"guide.pdf"}}}]""";

	/** Synthetic Albert stream (see the class comment). */
	private static final String SYNTHETIC_STREAM = sse("""
			{"id":"chatcmpl-synthetic-albert","object":"chat.completion.chunk","created":1,\
			"model":"albert-large","choices":[{"index":0,"delta":{"role":"assistant","content":"Bonjour"},\
			"finish_reason":null}]}""", """
			{"id":"chatcmpl-synthetic-albert","object":"chat.completion.chunk","created":1,\
			"model":"albert-large","choices":[{"index":0,"delta":{"content":" !"},"finish_reason":"stop"}]}""",
			"{\"id\":\"chatcmpl-synthetic-albert\",\"object\":\"chat.completion.chunk\",\"created\":1,"
					+ "\"model\":\"albert-large\",\"choices\":[],\"usage\":" + USAGE + ",\"search_results\":"
					+ SEARCH_RESULTS + "}");

	/** Synthetic Albert non-streaming response (see the class comment). */
	private static final String SYNTHETIC_COMPLETION = "{\"id\":\"chatcmpl-synthetic-albert\","
			+ "\"object\":\"chat.completion\",\"created\":1,\"model\":\"albert-large\",\"choices\":[{\"index\":0,"
			+ "\"message\":{\"role\":\"assistant\",\"content\":\"Bonjour !\"},\"finish_reason\":\"stop\"}],"
			+ "\"usage\":" + USAGE + ",\"search_results\":" + SEARCH_RESULTS + "}";

	@RegisterExtension
	static final WireMockExtension server = ChatWireMock.extension();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(server.baseUrl() + "/v1")
		.apiKey("albert-test-key")
		.provider(ProviderProfiles.ALBERT)
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void streamedUsageCostCarbonAndSearchResultsAreKept() {
		stub("text/event-stream", SYNTHETIC_STREAM);
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		StepVerifier.create(this.client.stream(request())).thenConsumeWhile((chunk) -> {
			accumulator.add(chunk);
			return true;
		}).verifyComplete();
		assertAlbertFieldsKept(accumulator.toCompletion());
		JsonNode body = sentBody();
		assertThat(body.get("search").asBoolean()).isTrue();
		assertThat(body.get("search_args").get("collections").get(0).asInt()).isEqualTo(12);
		assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
		assertValidOpenAiRequest((ObjectNode) body);
	}

	@Test
	void usageCostCarbonAndSearchResultsOfACompletionAreKept() {
		stub("application/json", SYNTHETIC_COMPLETION);
		StepVerifier.create(this.client.create(request()))
			.assertNext(AlbertProfileTests::assertAlbertFieldsKept)
			.verifyComplete();
		assertThat(sentBody().get("search").asBoolean()).isTrue();
	}

	private static void assertAlbertFieldsKept(ChatCompletion completion) {
		JsonNode expectedUsage = JsonMapper.shared().readTree(USAGE);
		assertThat(completion.text()).isEqualTo("Bonjour !");
		assertThat(completion.usage()).isNotNull();
		assertThat(completion.usage().totalTokens()).isEqualTo(128);
		assertThat(completion.usage().extra()).containsEntry("cost", expectedUsage.get("cost"))
			.containsEntry("carbon", expectedUsage.get("carbon"));
		assertThat(completion.extra()).containsEntry("search_results", JsonMapper.shared().readTree(SEARCH_RESULTS));
	}

	private static ChatCompletionRequest request() {
		ObjectNode searchArgs = JsonNodeFactory.instance.objectNode();
		searchArgs.putArray("collections").add(12);
		searchArgs.put("k", 5).put("method", "semantic");
		return ChatCompletionRequest.builder()
			.model("albert-large")
			.message(Message.developer("Réponds en français."))
			.message(Message.user("Bonjour"))
			.streamOptions(StreamOptions.withUsage())
			.extraBodyField("search", JsonNodeFactory.instance.booleanNode(true))
			.extraBodyField("search_args", searchArgs)
			.build();
	}

	private static void stub(String contentType, String body) {
		server.stubFor(post(urlPathEqualTo(PATH))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
	}

	private static JsonNode sentBody() {
		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathEqualTo(PATH)));
		assertThat(requests).hasSize(1);
		return JsonMapper.shared().readTree(requests.get(0).getBodyAsString());
	}

}
