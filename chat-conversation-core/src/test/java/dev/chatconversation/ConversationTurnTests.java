package dev.chatconversation;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ConversationStructuredOutputTests.Conditions;
import dev.chatconversation.ConversationStructuredOutputTests.Weather;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.OutputMode;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static dev.chatconversation.ConversationTurnStubs.messagesOf;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.requestTexts;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the turn object itself: options that compose without changing the turn they
 * were added to, continuations and regenerations through any view, and structured outputs
 * on messages that are not plain text.
 */
class ConversationTurnTests {

	private static final String PLAIN_REPLY = "I'm unable to provide real-time weather updates.";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void whenOptionsAreGivenTwiceThenBothApplyAndTheLaterWins() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier
			.create(conversation.turn("Hi")
				.options((options) -> options.temperature(0.1).seed(7L))
				.options((options) -> options.temperature(0.9))
				.response())
			.assertNext((text) -> assertThat(text).startsWith(PLAIN_REPLY))
			.verifyComplete();

		JsonNode body = requestBodies(wireMock).get(0);
		assertThat(body.path("temperature").doubleValue()).isEqualTo(0.9);
		assertThat(body.path("seed").intValue()).isEqualTo(7);
		assertThat(body.has("stream")).isFalse();
	}

	@Test
	void whenOptionsAreAddedThenTheTurnTheyWereAddedToIsUnchanged() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		ConversationTurn plain = conversation.turn("Hi");
		ConversationTurn warmer = plain.options((options) -> options.temperature(0.9));

		StepVerifier.create(plain.response()).expectNextCount(1).verifyComplete();
		StepVerifier.create(warmer.response()).expectNextCount(1).verifyComplete();

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(0).has("temperature")).isFalse();
		assertThat(bodies.get(1).path("temperature").doubleValue()).isEqualTo(0.9);
	}

	@Test
	void whenARegenerationIsNotStreamedThenItsCompletionReplacesTheLastReply() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversationWith(Message.user("Weather in SF?"),
				Message.assistant("Sunny."));

		StepVerifier.create(conversation.regeneration().completion())
			.assertNext((completion) -> assertThat(completion.text()).startsWith(PLAIN_REPLY))
			.verifyComplete();

		JsonNode body = requestBodies(wireMock).get(0);
		assertThat(body.has("stream")).isFalse();
		assertThat(messagesOf(body)).containsExactly(Message.system("Be brief."), Message.user("Weather in SF?"));
		assertThat(conversation.messages()).hasSize(3);
		assertThat(conversation.messages().get(2).text()).startsWith(PLAIN_REPLY);
	}

	@Test
	void whenAContinuationIsStreamedAsTextThenItsReplyIsAppendedToTheHistoryAsItStands() {
		stubStream(wireMock, textReply("Hel", "lo"));
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"));

		StepVerifier.create(conversation.continuation().text()).expectNext("Hel", "lo").verifyComplete();

		assertThat(messagesOf(requestBodies(wireMock).get(0))).containsExactly(Message.system("Be brief."),
				Message.user("Hi"));
		assertThat(conversation.messages()).extracting(Message::text).containsExactly("Be brief.", "Hi", "Hello");
	}

	@Test
	void whenAMessageOfPartsAsksForAnObjectInJsonObjectModeThenTheSchemaFollowsAsATextPart() {
		stubJson(wireMock, 200, fixture("deepseek/chat-completion-json.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		Message question = Message.user(List.of(ContentPart.imageUrl("https://example.com/sky.png")));

		StepVerifier.create(conversation.turn(question).object(Conditions.class, OutputMode.JSON_OBJECT))
			.expectNext(new Conditions("San Francisco", "cloudy", 7))
			.verifyComplete();

		JsonNode content = requestBodies(wireMock).get(0).path("messages").get(1).path("content");
		assertThat(content).hasSize(2);
		assertThat(content.get(0).path("image_url").path("url").asString()).isEqualTo("https://example.com/sky.png");
		assertThat(content.get(1).path("type").asString()).isEqualTo("text");
		assertThat(content.get(1).path("text").asString()).startsWith("Answer with one JSON object")
			.contains(JsonSchemas.strict(Conditions.class).toString());
		requestTexts(wireMock).forEach(OpenApiRequestSchema.chatCompletionRequest()::assertValid);
	}

	@Test
	void whenTheTurnsOptionsSetAResponseFormatThenTheObjectsFormatWins() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-json-schema.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier
			.create(conversation.turn("What's the weather in San Francisco?")
				.options((options) -> options.responseFormat(ResponseFormat.jsonObject()).seed(3L))
				.object(Weather.class))
			.expectNext(new Weather("San Francisco", 65, "f"))
			.verifyComplete();

		JsonNode body = requestBodies(wireMock).get(0);
		assertThat(body.path("response_format").path("type").asString()).isEqualTo("json_schema");
		assertThat(body.path("seed").intValue()).isEqualTo(3);
	}

	private static ChatCompletionsConversation conversationWith(Message... messages) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model(MODEL)
			.systemPrompt("Be brief.")
			.messages(List.of(messages))
			.build();
	}

}
