package dev.chatconversation;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.chatconversation.ConversationTurnStubs.contentOf;
import static dev.chatconversation.ConversationTurnStubs.conversation;
import static dev.chatconversation.ConversationTurnStubs.events;
import static dev.chatconversation.ConversationTurnStubs.sse;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.stubStream;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a streamed turn emits when chunks carry no choice, or a choice other than the
 * first (reliability scenarios 2 and 10): the streamed text is the text of the first
 * choice only, never empty pieces and never pieces of other choices, and it equals the
 * text of the reply kept in the history (I2).
 */
class ConversationStreamedChoicesTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String N3 = "openai/stream-json-schema-n3-choices.sse";

	private static final String AZURE = "azure-openai/stream-model-router-prompt-filter-first.sse";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void piecesOfInterleavedChoicesAreNeverMergedIntoTheStreamedText() {
		stubStream(wireMock, fixture(N3));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		String first = textOfChoice(events(N3), 0);
		assertThat(first).isEqualTo("{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}");

		StepVerifier
			.create(conversation.sendAndStreamResponse("Weather in SF?", (options) -> options.n(3)).collectList())
			.assertNext((pieces) -> assertThat(String.join("", pieces)).isEqualTo(first))
			.verifyComplete();

		AssistantMessage reply = (AssistantMessage) conversation.messages().get(2);
		assertThat(reply.text()).isEqualTo(first);
		assertThat(conversation.messages()).hasSize(3);
	}

	@Test
	void theCompletedEventOfInterleavedChoicesKeepsEveryChoiceApart() {
		stubStream(wireMock, fixture(N3));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		StringBuilder streamed = new StringBuilder();

		StepVerifier
			.create(conversation.turn(Message.user("Weather in SF?")).options((options) -> options.n(3)).events())
			.thenConsumeWhile((event) -> !(event instanceof ConversationEvent.Completed), (event) -> {
				assertThat(event).isInstanceOf(ConversationEvent.TextDelta.class);
				streamed.append(((ConversationEvent.TextDelta) event).text());
			})
			.assertNext((event) -> {
				ChatCompletion completion = ((ConversationEvent.Completed) event).completion();
				assertThat(completion.choices()).hasSize(3);
				assertThat(completion.choices())
					.extracting((choice) -> JSON.readTree(choice.message().text()).path("temperature").asInt())
					.containsExactly(65, 61, 59);
			})
			.verifyComplete();

		assertThat(streamed.toString()).isEqualTo(textOfChoice(events(N3), 0));
	}

	@Test
	void anAzurePromptFilterChunkWithoutChoicesAddsNoPieceAndUsageComesFromTheLastChunk() {
		List<String> events = events(AZURE);
		stubStream(wireMock, fixture(AZURE));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		StringBuilder streamed = new StringBuilder();

		StepVerifier.create(conversation.turn("Hi").events())
			.thenConsumeWhile((event) -> !(event instanceof ConversationEvent.Completed), (event) -> {
				assertThat(event).isInstanceOf(ConversationEvent.TextDelta.class);
				assertThat(((ConversationEvent.TextDelta) event).text()).isNotEmpty();
				streamed.append(((ConversationEvent.TextDelta) event).text());
			})
			.assertNext((event) -> {
				Usage usage = ((ConversationEvent.Completed) event).completion().usage();
				JsonNode last = JSON.readTree(events.get(events.size() - 2)).path("usage");
				assertThat(usage).isNotNull();
				assertThat(usage.promptTokens()).isEqualTo(last.path("prompt_tokens").asInt()).isEqualTo(15);
				assertThat(usage.completionTokens()).isEqualTo(last.path("completion_tokens").asInt()).isEqualTo(78);
				assertThat(usage.totalTokens()).isEqualTo(last.path("total_tokens").asInt());
			})
			.verifyComplete();

		assertThat(streamed.toString()).isNotEmpty().isEqualTo(contentOf(events));
		assertThat(conversation.messages()).hasSize(3);
		assertThat(conversation.messages().get(2).text()).isEqualTo(streamed.toString());
	}

	@Test
	void aStreamThatCarriesOnlyAnotherChoiceStreamsNothingAndAddsNoReplyOfThatChoice() {
		// synthetic events, in the shape of the Azure fixture: choice 1 only, index after
		// the delta
		stubStream(wireMock, sse("{\"choices\":[{\"delta\":{\"content\":\" of\"},\"index\":1}]}",
				"{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":1}]}", "[DONE]"));
		ChatCompletionsConversation conversation = conversation(baseUrl(wireMock));
		List<Message> before = conversation.messages();

		StepVerifier.create(conversation.sendAndStreamResponse("Hi"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(EmptyReplyException.class)
				.extracting((error) -> ((EmptyReplyException) error).turn().historyUnchanged())
				.isEqualTo(true))
			.verify();

		assertThat(conversation.messages()).isEqualTo(before);
	}

	/** The concatenated {@code delta.content} of the choice with the given index. */
	private static String textOfChoice(List<String> events, int index) {
		StringBuilder text = new StringBuilder();
		for (String event : events) {
			if (!event.equals("[DONE]")) {
				for (JsonNode choice : JSON.readTree(event).path("choices")) {
					JsonNode content = choice.path("delta").path("content");
					if (choice.path("index").asInt() == index && content.isString()) {
						text.append(content.stringValue());
					}
				}
			}
		}
		return text.toString();
	}

}
