package dev.chatconversation;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.OutputMode;
import dev.chatconversation.structured.StructuredEvent;
import dev.chatconversation.structured.StructuredOutputException;
import dev.chatconversation.structured.StructuredOutputException.Kind;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.contentOf;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ToolLoopStubs.completed;
import static dev.chatconversation.ToolLoopStubs.textCompletion;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for structured outputs in a conversation: the request asks for the type's strict
 * schema (or JSON mode), the reply is read into the type, and a refusal, a truncated
 * reply, text that is not JSON or JSON that does not match each fail with their own kind
 * and the raw text, the reply staying in the history.
 */
class ConversationStructuredOutputTests {

	private static final String QUESTION = "What's the weather in San Francisco?";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void readsTheReplyIntoTheTypeAfterAskingForItsStrictSchema() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-json-schema.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(QUESTION).object(Weather.class))
			.expectNext(new Weather("San Francisco", 65, "f"))
			.verifyComplete();

		JsonNode format = requestBodies(wireMock).get(0).path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("name").asString()).isEqualTo("Weather");
		assertThat(format.path("json_schema").path("strict").booleanValue()).isTrue();
		assertThat(format.path("json_schema").path("schema")).isEqualTo(JsonSchemas.strict(Weather.class));
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
		assertThat(conversation.messages()).extracting(Message::text)
			.containsExactly("Be brief.", QUESTION, "{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}");
	}

	@Test
	void inJsonObjectModeAsksForJsonWithTheSchemaInTheMessage() {
		stubJson(wireMock, 200, fixture("deepseek/chat-completion-json.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(QUESTION).object(Conditions.class, OutputMode.JSON_OBJECT))
			.expectNext(new Conditions("San Francisco", "cloudy", 7))
			.verifyComplete();

		JsonNode request = requestBodies(wireMock).get(0);
		assertThat(request.path("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
		String sent = request.path("messages").get(1).path("content").asString();
		assertThat(sent).startsWith(QUESTION)
			.contains("JSON")
			.contains(JsonSchemas.strict(Conditions.class).toString());
		assertThat(conversation.messages().get(1).text()).isEqualTo(sent);
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	static Stream<Arguments> unusableReplies() {
		return Stream.of(
				arguments("refusal", fixture("openai/chat-completion-refusal.json"), Kind.REFUSAL,
						"I'm very sorry, but I can't assist with that."),
				arguments("truncated", fixture("openai/chat-completion-length-truncated-json.json"), Kind.TRUNCATED,
						"{\""),
				// synthetic: prose around the JSON
				arguments("not JSON", textCompletion("Sure! {\"city\": \"Paris\"}"), Kind.INVALID_JSON,
						"Sure! {\"city\": \"Paris\"}"),
				// synthetic: JSON without two of the properties
				arguments("not matching", textCompletion("{\"city\": \"Paris\"}"), Kind.SCHEMA_MISMATCH,
						"{\"city\": \"Paris\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unusableReplies")
	void anUnusableReplyFailsWithItsKindAndRawTextAndStaysInTheHistory(String name, String body, Kind kind,
			String rawText) {
		stubJson(wireMock, 200, body);
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(QUESTION).object(Weather.class)).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(StructuredOutputException.class);
			assertThat(((StructuredOutputException) failure).kind()).isEqualTo(kind);
			assertThat(((StructuredOutputException) failure).rawText()).isEqualTo(rawText);
		}).verify();

		List<Message> history = conversation.messages();
		assertThat(history).extracting(Message::role).containsExactly("system", "user", "assistant");
		AssistantMessage reply = (AssistantMessage) history.get(2);
		assertThat((reply.refusal() != null) ? reply.refusal() : reply.text()).isEqualTo(rawText);
	}

	@Test
	void streamsTheJsonTextThenTheValue() {
		String capture = "openai/stream-json-schema.sse";
		stubStream(wireMock, fixture(capture));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		List<StructuredEvent<Weather>> seen = completed(conversation.turn(QUESTION).objectStream(Weather.class));

		StringBuilder text = new StringBuilder();
		seen.subList(0, seen.size() - 1)
			.forEach((event) -> text.append(((StructuredEvent.TextDelta<Weather>) event).text()));
		assertThat(text).hasToString(contentOf(events(capture)));
		StructuredEvent.Parsed<Weather> parsed = (StructuredEvent.Parsed<Weather>) seen.get(seen.size() - 1);
		assertThat(parsed.value()).isEqualTo(new Weather("San Francisco", 61, "f"));
		assertThat(parsed.completion().text()).isEqualTo(text.toString());
		assertThat(requestBodies(wireMock).get(0).path("response_format").path("type").asString())
			.isEqualTo("json_schema");
	}

	static Stream<Arguments> unusableStreams() {
		return Stream.of(arguments("openai/stream-refusal.sse", Kind.REFUSAL),
				arguments("openai/stream-max-tokens-length.sse", Kind.TRUNCATED));
	}

	@ParameterizedTest
	@MethodSource("unusableStreams")
	void aStreamedReplyThatCannotBeReadFailsAtTheEndWithItsKind(String capture, Kind kind) {
		stubStream(wireMock, fixture(capture));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(QUESTION).objectStream(Weather.class))
			.thenConsumeWhile(StructuredEvent.TextDelta.class::isInstance)
			.expectErrorSatisfies((failure) -> assertThat(((StructuredOutputException) failure).kind()).isEqualTo(kind))
			.verify();
		assertThat(conversation.messages()).hasSize(3);
	}

	@Test
	void aTypeWithoutAStrictSchemaFailsOnSubscriptionWithoutSending() {
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.turn(QUESTION).object(Lookup.class))
			.expectError(IllegalArgumentException.class)
			.verify();
		assertThat(requestBodies(wireMock)).isEmpty();
		assertThat(conversation.messages()).hasSize(1);
	}

	record Weather(String city, int temperature, String units) {
	}

	record Conditions(String location, String condition, int temperature) {
	}

	record Lookup(Map<String, String> values) {
	}

}
