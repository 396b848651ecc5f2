package dev.chatconversation;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.OpenApiRequestSchema;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.testfixture.ChatWireMock;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.tool.ChatTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
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
 * the whole history; later ones send the instructions and the one new message with the
 * previous response id, since the server kept only the last message of each request;
 * whenever the server cannot hold what is new, or the local history diverged, everything
 * is sent again. Responses are synthetic (Albert's chat-completion shape with distinct
 * ids).
 */
class ConversationAlbertServerHistoryTests {

	private static final String PATH = "/v1/chat/completions";

	private static final ToolCall WEATHER_CALL = ToolCall.function("call_1", "GetWeatherArgs",
			"{\"city\":\"Paris\",\"country\":\"FR\",\"units\":\"c\"}");

	private static final ChatTool WEATHER = ChatTool.of("GetWeatherArgs", "The weather",
			ToolLoopStubs.GetWeatherArgs.class, (query) -> "{\"temperature\": 21}");

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@Test
	void afterTheFirstTurnTheInstructionsAndTheNewMessageAreSentWithThePreviousResponseId() {
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
		assertThat(roles(bodies.get(1))).containsExactly("system", "user");
		assertThat(bodies.get(1).path("messages").get(0).path("content").asString()).isEqualTo("Tu es un assistant.");
		assertThat(bodies.get(1).path("messages").get(1).path("content").asString()).isEqualTo("Et demain ?");
		assertThat(bodies.get(2).path("id").asString()).isEqualTo("albert-2");
		assertThat(roles(bodies.get(2))).containsExactly("system", "user");
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
	void afterAWholeHistoryRequestTheServerHoldsOnlyItsLastMessageSoLaterRequestsAreSentWhole() {
		replies("albert-1", "albert-2", "albert-3");
		ChatCompletionsConversation conversation = albert();
		conversation.loadFromJson("""
				[{"role":"system","content":"Tu es un assistant."},{"role":"user","content":"Bonjour"},
				{"role":"assistant","content":"Bonjour !"}]""");

		send(conversation, "Et demain ?");
		send(conversation, "Merci");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies).allSatisfy((body) -> assertThat(body.has("id")).isFalse());
		assertThat(roles(bodies.get(1))).containsExactly("system", "user", "assistant", "user", "assistant", "user");
	}

	@Test
	void whenOneToolResultIsNewThenItContinuesTheServerChatWithTheInstructions() {
		rounds(ToolLoopStubs.toolCallStream(null, WEATHER_CALL).replace("chatcmpl-loop", "albert-1"),
				textReply("Il fait beau.").replace("chatcmpl-turn", "albert-2"),
				textReply("De rien.").replace("chatcmpl-turn", "albert-3"));
		ChatCompletionsConversation conversation = albert(WEATHER);

		send(conversation, "Quel temps fait-il ?");
		send(conversation, "Merci");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(1).path("id").asString()).isEqualTo("albert-1");
		assertThat(roles(bodies.get(1))).containsExactly("system", "tool");
		assertThat(bodies.get(2).path("id").asString()).isEqualTo("albert-2");
		assertThat(roles(bodies.get(2))).containsExactly("system", "user");
	}

	@Test
	void whenParallelToolResultsAreNewThenTheServerCouldNotHoldThemAndTheWholeHistoryIsSent() {
		ToolCall second = ToolCall.function("call_2", "GetWeatherArgs",
				"{\"city\":\"Lyon\",\"country\":\"FR\",\"units\":\"c\"}");
		rounds(ToolLoopStubs.toolCallStream(null, WEATHER_CALL, second).replace("chatcmpl-loop", "albert-1"),
				textReply("Il fait beau.").replace("chatcmpl-turn", "albert-2"),
				textReply("De rien.").replace("chatcmpl-turn", "albert-3"));
		ChatCompletionsConversation conversation = albert(WEATHER);

		send(conversation, "Quel temps à Paris et Lyon ?");
		send(conversation, "Merci");

		List<JsonNode> bodies = requestBodies(wireMock);
		assertThat(bodies.get(1).has("id")).isFalse();
		assertThat(roles(bodies.get(1))).containsExactly("system", "user", "assistant", "tool", "tool");
		assertThat(bodies.get(2).has("id")).isFalse();
		assertThat(roles(bodies.get(2))).containsExactly("system", "user", "assistant", "tool", "tool", "assistant",
				"user");
		assertThat(conversation.messages()).hasSize(8);
	}

	@Test
	void whenAConversationIsBuiltWithTheModeThenOneWarningSaysTheProtocolIsNotReleased() {
		Logger logger = (Logger) LoggerFactory.getLogger(ServerHistory.class);
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		logger.addAppender(logs);
		try {
			albert();
			ChatCompletionsConversation.builder().client(client(baseUrl(wireMock))).model("albert-large").build();
		}
		finally {
			logger.detachAppender(logs);
		}

		assertThat(logs.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("not in any released Albert version")
				.contains("last message of each request");
		});
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

	private static ChatCompletionsConversation albert(ChatTool... tools) {
		return ChatCompletionsConversation.builder()
			.client(client(baseUrl(wireMock), RetryPolicy.NONE, Timeouts.DEFAULTS))
			.model("albert-large")
			.systemPrompt("Tu es un assistant.")
			.tools(tools)
			.albertServerHistory("agent-42")
			.build();
	}

	/** Serves the event-stream bodies one per request, in order. */
	private static void rounds(String... bodies) {
		String state = Scenario.STARTED;
		for (int i = 0; i < bodies.length; i++) {
			String next = "round-" + (i + 1);
			wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("albert")
				.whenScenarioStateIs(state)
				.willReturn(eventStream(bodies[i]))
				.willSetStateTo(next));
			state = next;
		}
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
