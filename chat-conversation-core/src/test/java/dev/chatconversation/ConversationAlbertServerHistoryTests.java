package dev.chatconversation;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.chatconversation.ConversationTurnStubs.client;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.testfixture.ChatWireMock.requestBodies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for Albert's server-side history mode: the first request names the user and sends
 * the whole history; later ones send only the new messages with the previous response id;
 * any divergence between the local history and the server's sends everything again.
 * Responses are synthetic (Albert's chat-completion shape with distinct ids).
 */
class ConversationAlbertServerHistoryTests {

	private static final String PATH = "/v1/chat/completions";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void afterTheFirstTurnOnlyTheNewMessageIsSentWithThePreviousResponseId() {
		replies("albert-1", "albert-2", "albert-3");
		ChatCompletionsConversation conversation = albert();

		send(conversation, "Bonjour");
		send(conversation, "Et demain ?");
		send(conversation, "Merci");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies).hasSize(3);
		assertThat(bodies.get(0).path("user").asString()).isEqualTo("agent-42");
		assertThat(bodies.get(0).has("id")).isFalse();
		assertThat(roles(bodies.get(0))).containsExactly("system", "user");
		assertThat(bodies.get(1).path("id").asString()).isEqualTo("albert-1");
		assertThat(roles(bodies.get(1))).containsExactly("user");
		assertThat(bodies.get(1).path("messages").get(0).path("content").asString()).isEqualTo("Et demain ?");
		assertThat(bodies.get(2).path("id").asString()).isEqualTo("albert-2");
		assertThat(conversation.messages()).hasSize(7);
		bodies.forEach((body) -> OpenApiRequestSchema.chatCompletionRequest().assertValid(body.toString()));
	}

	@Test
	void aLoadedHistoryIsSentWholeAndStartsANewServerChat() {
		replies("albert-1", "albert-2");
		ChatCompletionsConversation conversation = albert();
		send(conversation, "Bonjour");
		String saved = conversation.toJson();

		conversation.loadFromJson(saved.replace("Bonjour", "Salut"));
		send(conversation, "Et demain ?");

		JsonNode second = requestBodies(wireMock).get(1);
		assertThat(second.has("id")).isFalse();
		assertThat(roles(second)).containsExactly("system", "user", "assistant", "user");
	}

	@Test
	void aFailedTurnMakesTheNextOneSendTheWholeHistory() {
		wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("albert")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(eventStream(textReply("Oui.").replace("chatcmpl-turn", "albert-1")))
			.willSetStateTo("failing"));
		wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("albert")
			.whenScenarioStateIs("failing")
			.willReturn(serverError())
			.willSetStateTo("recovered"));
		wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("albert")
			.whenScenarioStateIs("recovered")
			.willReturn(eventStream(textReply("Voilà.").replace("chatcmpl-turn", "albert-2"))));
		ChatCompletionsConversation conversation = albert();
		send(conversation, "Bonjour");

		StepVerifier.create(conversation.sendAndStreamResponse("Et demain ?"))
			.expectErrorSatisfies(
					(error) -> assertThat(FailedTurns.failedTurn(error, InternalServerException.class).userMessage())
						.isEqualTo(Message.user("Et demain ?")))
			.verify();
		send(conversation, "Et demain ?");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(1).path("id").asString()).isEqualTo("albert-1");
		assertThat(bodies.get(2).has("id")).isFalse();
		assertThat(roles(bodies.get(2))).containsExactly("system", "user", "assistant", "user");
	}

	@Test
	void regeneratingSendsTheHistoryUpToTheLastUserMessageToANewServerChat() {
		replies("albert-1", "albert-2");
		ChatCompletionsConversation conversation = albert();
		send(conversation, "Bonjour");

		StepVerifier.create(conversation.regenerate()).expectNext("Réponse ", "2").verifyComplete();

		JsonNode second = requestBodies(wireMock).get(1);
		assertThat(second.has("id")).isFalse();
		assertThat(roles(second)).containsExactly("system", "user");
	}

	@Test
	void withoutTheModeEveryRequestCarriesTheWholeHistoryAndNoId() {
		replies("albert-1", "albert-2");
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock)))
			.model("albert-large")
			.systemPrompt("Tu es un assistant.")
			.build();
		send(conversation, "Bonjour");
		send(conversation, "Et demain ?");

		JsonNode second = requestBodies(wireMock).get(1);
		assertThat(second.has("id")).isFalse();
		assertThat(second.has("user")).isFalse();
		assertThat(roles(second)).containsExactly("system", "user", "assistant", "user");
	}

	private static ChatCompletionsConversation albert() {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock), RetryPolicy.NONE, Timeouts.DEFAULTS))
			.model("albert-large")
			.systemPrompt("Tu es un assistant.")
			.albertServerHistory("agent-42")
			.build();
	}

	private static void replies(String... ids) {
		String state = Scenario.STARTED;
		for (int i = 0; i < ids.length; i++) {
			String next = "reply-" + (i + 1);
			wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("albert")
				.whenScenarioStateIs(state)
				.willReturn(eventStream(textReply("Réponse ", String.valueOf(i + 1)).replace("chatcmpl-turn", ids[i])))
				.willSetStateTo(next));
			state = next;
		}
	}

	private static void send(ChatCompletionsConversation conversation, String text) {
		StepVerifier.create(conversation.sendAndStreamResponse(text))
			.thenConsumeWhile((piece) -> true)
			.verifyComplete();
	}

	private static List<String> roles(JsonNode body) {
		return body.path("messages").valueStream().map((message) -> message.path("role").asString()).toList();
	}

}
