package dev.chatconversation.client.provider;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.ToolChoice;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.UserMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static dev.chatconversation.client.provider.ProviderFixtures.body;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@link RequestRule}s profiles are made of.
 */
class RequestRuleTests {

	private static final Set<String> NOT_PARAMETERS = Set.of("messages", "model", "stream", "extra_body",
			"extra_headers", "extra_query", "timeout", "options", "mutate", "to_string", "hash_code");

	@Test
	void everyOptionalParameterOfTheRequestCanBeNamedByARule() {
		Set<String> components = Arrays.stream(ChatCompletionRequest.class.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& method.getParameterCount() == 0)
			.map((method) -> method.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT))
			.filter((name) -> !NOT_PARAMETERS.contains(name))
			.collect(Collectors.toSet());
		assertThat(RequestParameters.names()).containsExactlyInAnyOrderElementsOf(components);
	}

	@Test
	void droppingAnUnknownParameterIsRefusedWithTheKnownNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestRule.dropParameters("max_tokenz"))
			.withMessageContaining("'max_tokenz'")
			.withMessageContaining("max_tokens");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestRule.dropParameters("messages"));
	}

	@Test
	void droppedParametersAreLeftOutAndOthersKept() {
		ChatCompletionRequest adapted = RequestRule.dropParameters("store", "seed").apply(problematicRequest("m"));
		assertThat(body(adapted).has("store")).isFalse();
		assertThat(body(adapted).has("seed")).isFalse();
		assertThat(adapted.temperature()).isEqualTo(0.2);
	}

	@Test
	void rulesWithNothingToDoReturnTheSameRequest() {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("m")
			.message(Message.user("Hi"))
			.toolChoice(ToolChoice.auto())
			.build();
		List<RequestRule> rules = List.of(RequestRule.dropParameters("store"), RequestRule.renameParameter("seed", "x"),
				RequestRule.maxCompletionTokensAsMaxTokens(), RequestRule.toolChoiceRequiredAsAny(),
				RequestRule.developerAsSystem(), RequestRule.mergeSuccessiveMessages(), RequestRule.dropMessageNames(),
				RequestRule.keepOnlyParameters(Set.of("tool_choice")));
		rules.forEach((rule) -> assertThat(rule.apply(request)).isSameAs(request));
	}

	@Test
	void keepOnlyParametersLeavesOutEveryOtherParameterButKeepsModelMessagesAndStream() {
		ChatCompletionRequest adapted = RequestRule.keepOnlyParameters(Set.of("temperature"))
			.apply(problematicRequest("m").mutate().stream(true).build());
		assertThat(body(adapted).propertyNames()).containsExactlyInAnyOrder("messages", "model", "stream",
				"temperature");
	}

	@Test
	void renamedParameterIsSentUnderTheNewNameUnlessExtraBodyHasIt() {
		ChatCompletionRequest request = problematicRequest("m");
		assertThat(body(RequestRule.renameParameter("seed", "random_seed").apply(request)).get("random_seed").asInt())
			.isEqualTo(7);
		ChatCompletionRequest explicit = request.mutate()
			.extraBodyField("random_seed", JsonNodeFactory.instance.numberNode(42))
			.build();
		ObjectNode body = body(RequestRule.renameParameter("seed", "random_seed").apply(explicit));
		assertThat(body.get("random_seed").asInt()).isEqualTo(42);
		assertThat(body.has("seed")).isFalse();
	}

	@Test
	void maxCompletionTokensBecomesMaxTokensUnlessMaxTokensIsSet() {
		RequestRule rule = RequestRule.maxCompletionTokensAsMaxTokens();
		ChatCompletionRequest adapted = rule.apply(problematicRequest("m"));
		assertThat(adapted.maxTokens()).isEqualTo(512);
		assertThat(adapted.maxCompletionTokens()).isNull();
		ChatCompletionRequest both = rule.apply(problematicRequest("m").mutate().maxTokens(100).build());
		assertThat(both.maxTokens()).isEqualTo(100);
		assertThat(both.maxCompletionTokens()).isNull();
	}

	@Test
	void toolChoiceRequiredBecomesAnyAndOtherChoicesStay() {
		RequestRule rule = RequestRule.toolChoiceRequiredAsAny();
		assertThat(body(rule.apply(problematicRequest("m"))).get("tool_choice").asString()).isEqualTo("any");
		ChatCompletionRequest named = problematicRequest("m").mutate()
			.toolChoice(ToolChoice.function("get_weather"))
			.build();
		assertThat(rule.apply(named)).isSameAs(named);
	}

	@Test
	void queryParameterIsAddedUnlessTheRequestSetsIt() {
		RequestRule rule = RequestRule.queryParameter("api-version", "2024-10-21");
		assertThat(rule.apply(problematicRequest("m")).extraQuery()).containsEntry("api-version", "2024-10-21");
		ChatCompletionRequest own = problematicRequest("m").mutate()
			.extraQueryParam("api-version", "2025-04-01-preview")
			.build();
		assertThat(rule.apply(own)).isSameAs(own);
	}

	@Test
	void developerMessagesBecomeSystemMessagesWithTheirContentAndName() {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("m")
			.message(
					new DeveloperMessage(Content.of(List.of(ContentPart.text("Be brief."))), "ops", java.util.Map.of()))
			.message(Message.user("Hi"))
			.build();
		Message first = RequestRule.developerAsSystem().apply(request).messages().get(0);
		assertThat(first).isInstanceOf(SystemMessage.class);
		assertThat(((SystemMessage) first).name()).isEqualTo("ops");
		assertThat(((SystemMessage) first).content()).isEqualTo(Content.of(List.of(ContentPart.text("Be brief."))));
	}

	@Test
	void successiveUserMessagesAreJoined() {
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("m")
			.message(Message.system("Be brief."))
			.message(Message.user("First."))
			.message(Message.user("Second."))
			.message(Message.user(List.of(ContentPart.imageUrl("https://example.com/a.png"))))
			.build();
		List<Message> merged = RequestRule.mergeSuccessiveMessages().apply(request).messages();
		assertThat(merged).hasSize(2);
		UserMessage user = (UserMessage) merged.get(1);
		assertThat(user.content()).isInstanceOf(Content.Parts.class);
		assertThat(((Content.Parts) user.content()).parts()).containsExactly(ContentPart.text("First.\n\nSecond."),
				ContentPart.imageUrl("https://example.com/a.png"));
	}

	@Test
	void successiveAssistantMessagesAreJoinedOnlyWhenTheFirstCallsNoTool() {
		AssistantMessage toolCall = AssistantMessage.builder()
			.toolCall(ToolCall.function("call_1", "get_weather", "{}"))
			.build();
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("m")
			.message(Message.user("Hi"))
			.message(Message.assistant("Let me check."))
			.message(toolCall)
			.message(Message.tool("call_1", "18"))
			.message(Message.tool("call_2", "19"))
			.message(Message.assistant("Done."))
			.build();
		List<Message> merged = RequestRule.mergeSuccessiveMessages().apply(request).messages();
		assertThat(merged).extracting(Message::role).containsExactly("user", "assistant", "tool", "tool", "assistant");
		AssistantMessage joined = (AssistantMessage) merged.get(1);
		assertThat(joined.text()).isEqualTo("Let me check.");
		assertThat(joined.toolCalls()).containsExactly(ToolCall.function("call_1", "get_weather", "{}"));
	}

	@Test
	void messageNamesAreLeftOut() {
		ChatCompletionRequest adapted = RequestRule.dropMessageNames().apply(problematicRequest("m"));
		assertThat(body(adapted).get("messages").valueStream().map((message) -> message.has("name")))
			.containsOnly(false);
	}

}
