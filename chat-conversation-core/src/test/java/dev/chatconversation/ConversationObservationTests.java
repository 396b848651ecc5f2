package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.ConversationTurnStubs.HeldStream;
import dev.chatconversation.ToolLoopStubs.GetWeatherArgs;
import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.observation.ConversationObservationContext;
import dev.chatconversation.tool.ChatTool;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import static dev.chatconversation.ConversationTurnStubs.MODEL;
import static dev.chatconversation.testfixture.ChatWireMock.baseUrl;
import static dev.chatconversation.ConversationTurnStubs.contentChunk;
import static dev.chatconversation.testfixture.ChatWireMock.eventStream;
import static dev.chatconversation.ConversationTurnStubs.roleChunk;
import static dev.chatconversation.testfixture.ChatWireMock.stubJson;
import static dev.chatconversation.ConversationTurnStubs.textReply;
import static dev.chatconversation.ToolLoopStubs.stubRounds;
import static dev.chatconversation.ToolLoopStubs.textCompletion;
import static dev.chatconversation.ToolLoopStubs.toolCallStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code gen_ai.conversation.turn} observation of turns: one per turn, the tool
 * rounds and client calls as its children, closed with the right tags on success, failure
 * and cancellation, and never carrying message content.
 */
class ConversationObservationTests {

	private static final String TURN = "gen_ai.conversation.turn";

	private static final String TOOL_ROUND = "gen_ai.conversation.tool_round";

	private static final String OPERATION = "gen_ai.client.operation";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void whenAStreamedTurnRunsAToolThenTheRoundAndBothCallsAreChildrenOfTheTurn() {
		ToolCall call = new ToolCall("call_1", "function", new FunctionCall("GetWeatherArgs",
				"{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}", Map.of()), Map.of());
		stubRounds(wireMock, eventStream(toolCallStream(null, call)), eventStream(textReply("12", "°C")));
		ChatTool weather = ChatTool.of("GetWeatherArgs", "The weather", GetWeatherArgs.class,
				(query) -> "{\"temperature\": 12}");
		ChatCompletionsConversation conversation = conversation(observedClient(baseUrl(wireMock)), weather);

		StepVerifier.create(conversation.sendAndStreamResponse("Weather in Edinburgh?").collectList())
			.assertNext((texts) -> assertThat(String.join("", texts)).isEqualTo("12°C"))
			.verifyComplete();

		Observation.ContextView turn = single(TURN);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(TURN, 1)
			.hasNumberOfObservationsWithNameEqualTo(TOOL_ROUND, 1)
			.hasNumberOfObservationsWithNameEqualTo(OPERATION, 2)
			.forAllObservationsWithNameEqualTo(OPERATION,
					(operation) -> operation.hasParentObservationContextMatching((parent) -> parent == turn))
			.forAllObservationsWithNameEqualTo(TOOL_ROUND,
					(round) -> round.hasParentObservationContextMatching((parent) -> parent == turn)
						.hasLowCardinalityKeyValue("gen_ai.operation.name", "execute_tool")
						.hasLowCardinalityKeyValue("chat.tool.calls", "1")
						.hasHighCardinalityKeyValue("gen_ai.tool.name", "GetWeatherArgs"))
			.hasObservationWithNameEqualTo(TURN)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("chat.outcome", "success")
			.hasLowCardinalityKeyValue("chat.tool.rounds", "1")
			.hasLowCardinalityKeyValue("chat.streaming", "true")
			.hasLowCardinalityKeyValue("error.type", "none");
	}

	@Test
	void whenATurnFailsThenItsObservationNamesTheCauseOfTheFailure() {
		stubJson(wireMock, 400, "{\"error\":{\"message\":\"Bad\",\"type\":\"invalid_request_error\"}}");
		ChatCompletionsConversation conversation = conversation(observedClient(baseUrl(wireMock)));

		StepVerifier.create(conversation.sendAndGetResponse("Hi")).expectError(BadRequestException.class).verify();

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(TURN)
			.that()
			.hasBeenStopped()
			.hasError()
			.hasLowCardinalityKeyValue("error.type", "BadRequestException")
			.hasLowCardinalityKeyValue("chat.outcome", "error")
			.hasLowCardinalityKeyValue("chat.streaming", "false")
			.backToTestObservationRegistry()
			.hasObservationWithNameEqualTo(OPERATION)
			.that()
			.hasLowCardinalityKeyValue("error.type", "BadRequestException");
	}

	@Test
	void whenTheSubscriberCancelsATurnThenTheTurnAndItsCallStopAsCancelled() {
		try (HeldStream server = new HeldStream()) {
			ChatCompletionsConversation conversation = conversation(observedClient(server.baseUrl()));
			server.send(roleChunk(), contentChunk("Hel"));

			StepVerifier.create(conversation.sendAndStreamResponse("Hi").take(1)).expectNext("Hel").verifyComplete();

			TestObservationRegistryAssert.assertThat(this.registry)
				.hasObservationWithNameEqualTo(TURN)
				.that()
				.hasBeenStopped()
				.doesNotHaveError()
				.hasLowCardinalityKeyValue("chat.outcome", "cancelled")
				.backToTestObservationRegistry()
				.hasObservationWithNameEqualTo(OPERATION)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("chat.outcome", "cancelled");
		}
	}

	@Test
	void whenATurnIsObservedThenNoMessageContentIsOnAnyObservation() {
		stubJson(wireMock, 200, textCompletion("The secret reply"));
		ChatCompletionsConversation conversation = conversation(observedClient(baseUrl(wireMock)));

		StepVerifier.create(conversation.sendAndGetResponse("My secret question"))
			.expectNext("The secret reply")
			.verifyComplete();

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsEqualTo(2)
			.hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts).allSatisfy((context) -> {
				assertThat(context.getHighCardinalityKeyValues().stream().map(Object::toString))
					.noneMatch((value) -> value.contains("secret"));
				assertThat(context.getLowCardinalityKeyValues().stream().map(Object::toString))
					.noneMatch((value) -> value.contains("secret"));
			}));
	}

	private Observation.ContextView single(String name) {
		List<Observation.ContextView> found = new ArrayList<>();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasHandledContextsThatSatisfy((contexts) -> contexts.stream()
				.filter((context) -> name.equals(context.getName()))
				.forEach(found::add));
		assertThat(found).singleElement().isInstanceOf(ConversationObservationContext.class);
		return found.get(0);
	}

	private ChatCompletionsClient observedClient(String baseUrl) {
		return ChatCompletionsClient.builder()
			.baseUrl(baseUrl)
			.apiKey("sk-test-turns")
			.retryPolicy(RetryPolicy.NONE)
			.observationRegistry(this.registry)
			.build();
	}

	private ChatCompletionsConversation conversation(ChatCompletionsClient client, ChatTool... tools) {
		return ChatCompletionsConversation.builder()
			.client(client)
			.tools(tools)
			.model(MODEL)
			.systemPrompt("Be brief.")
			.observationRegistry(this.registry)
			.build();
	}

}
