package dev.chatconversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.AuthenticationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Python library's {@code (text, image_url)} shapes of
 * {@code append_user_message}, {@code send_and_receive_response} and
 * {@code send_and_stream_response}. The expected messages are those its
 * {@code UserMessageWithImage.to_json()} and {@code UserMessage.to_json()} build
 * ({@code chat_completions_conversation.py} of chat-completions-conversation, MIT,
 * Copyright (c) 2025 Jifeng Wu): with an image, a text part (even an empty one) then an
 * {@code image_url} part with only a {@code url}; without one, the plain text.
 */
class ConversationPythonShapesTests {

	private static final String IMAGE = "https://images.unsplash.com/photo-1518717758536-85ae29035b6d";

	private static final JsonMapper JSON = JsonMapper.shared();

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void whenAUserMessageIsAppendedWithAnImageThenItIsATextPartThenAnImagePart() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder().build();

		conversation.appendUserMessage("Describe this dog.", IMAGE);

		assertThat(JSON.readTree(conversation.toJson()))
			.isEqualTo(JSON.readTree("[" + withImage("Describe this dog.") + "]"));
	}

	@Test
	void whenTheImageUrlIsNullThenTheUserMessageIsThePlainText() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder().build();

		conversation.appendUserMessage("Hello", null);

		assertThat(JSON.readTree(conversation.toJson()))
			.isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":\"Hello\"}]"));
		assertThat(conversation.messages()).containsExactly(Message.user("Hello"));
	}

	@Test
	void whenTheTextIsEmptyThenTheTextPartIsStillBeforeTheImage() {
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder().build();

		conversation.appendUserMessage("", IMAGE);

		assertThat(JSON.readTree(conversation.toJson())).isEqualTo(JSON.readTree("[" + withImage("") + "]"));
	}

	@Test
	void whenSendAndGetResponseTakesAnImageThenTheRequestAndTheHistoryCarryIt() {
		stubJson(wireMock, 200, fixture("openai/chat-completion-plain.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.sendAndGetResponse("What is this?", IMAGE))
			.assertNext((text) -> assertThat(text).isNotEmpty())
			.verifyComplete();

		JsonNode sent = requestBodies(wireMock).get(0).path("messages").get(1);
		assertThat(sent).isEqualTo(JSON.readTree(withImage("What is this?")));
		assertThat(conversation.messages()).hasSize(3);
		assertThat(written(conversation.messages().get(1))).isEqualTo(sent);
	}

	@Test
	void whenSendAndStreamResponseTakesAnImageThenTheRequestAndTheHistoryCarryIt() {
		stubStream(wireMock, textReply("A ", "dog."));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.sendAndStreamResponse("What is this?", IMAGE))
			.expectNext("A ", "dog.")
			.verifyComplete();

		JsonNode sent = requestBodies(wireMock).get(0).path("messages").get(1);
		assertThat(sent).isEqualTo(JSON.readTree(withImage("What is this?")));
		assertThat(requestBodies(wireMock).get(0).path("stream").booleanValue()).isTrue();
		assertThat(written(conversation.messages().get(1))).isEqualTo(sent);
		assertThat(conversation.messages()).extracting(Message::role).containsExactly("system", "user", "assistant");
		assertThat(conversation.messages().get(2).text()).isEqualTo("A dog.");
	}

	@Test
	void whenTheSendMethodsTakeANullImageThenTheySendThePlainText() {
		stubStream(wireMock, textReply("Hello"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));

		StepVerifier.create(conversation.sendAndStreamResponse("Hi", (String) null))
			.expectNext("Hello")
			.verifyComplete();

		assertThat(requestBodies(wireMock).get(0).path("messages").get(1))
			.isEqualTo(JSON.readTree("{\"role\":\"user\",\"content\":\"Hi\"}"));
	}

	@Test
	void whenATurnWithAnImageFailsBeforeAnyContentThenTheHistoryIsUnchangedAndTheMessageCanBeSentAgain() {
		stubJson(wireMock, 401, fixture("openai/error-401-invalid-api-key.json"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();
		AtomicReference<Message> unsent = new AtomicReference<>();

		StepVerifier.create(conversation.sendAndGetResponse("What is this?", IMAGE)).expectErrorSatisfies((failure) -> {
			unsent.set(FailedTurns.failedTurn(failure, AuthenticationException.class).userMessage());
		}).verify();

		assertThat(conversation.messages()).isEqualTo(before);
		assertThat(written(unsent.get())).isEqualTo(JSON.readTree(withImage("What is this?")));
	}

	private static String withImage(String text) {
		return "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text
				+ "\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + IMAGE + "\"}}]}";
	}

	private static JsonNode written(Message message) {
		return JSON.readTree(MessageJson.writeList(List.of(message), false)).get(0);
	}

}
