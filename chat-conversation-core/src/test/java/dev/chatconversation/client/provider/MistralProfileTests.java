package dev.chatconversation.client.provider;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static dev.chatconversation.client.provider.ProviderFixtures.accumulate;
import static dev.chatconversation.client.provider.ProviderFixtures.adapted;
import static dev.chatconversation.client.provider.ProviderFixtures.problematicRequest;
import static dev.chatconversation.testfixture.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code mistral} profile. Mistral answers any field it does not know with
 * 422 {@code extra_forbidden} (mistralai/platform-docs-public#7), so every adapted body
 * is checked against the fields of Mistral's chat completion schema, listed here.
 */
class MistralProfileTests {

	/** The top-level fields of Mistral's {@code ChatCompletionRequest}. */
	private static final Set<String> REQUEST_FIELDS = Set.of("model", "messages", "temperature", "top_p", "max_tokens",
			"stream", "stop", "random_seed", "response_format", "tools", "tool_choice", "presence_penalty",
			"frequency_penalty", "n", "prediction", "parallel_tool_calls", "safe_prompt", "prompt_mode");

	/** The fields of each message role in Mistral's schema. */
	private static final Map<String, Set<String>> MESSAGE_FIELDS = Map.of("system", Set.of("role", "content"), "user",
			Set.of("role", "content"), "assistant", Set.of("role", "content", "tool_calls", "prefix"), "tool",
			Set.of("role", "content", "tool_call_id", "name"));

	private static final Set<String> TOOL_CALL_FIELDS = Set.of("id", "type", "function", "index");

	private static final Set<String> FUNCTION_FIELDS = Set.of("name", "arguments");

	@Test
	void problematicRequestIsReducedToWhatMistralAccepts() {
		ObjectNode body = adapted(ProviderProfiles.MISTRAL, problematicRequest("mistral-small-latest"));
		assertAcceptedByMistral(body);
		assertThat(body.get("tool_choice").asString()).isEqualTo("any");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
		assertThat(body.get("random_seed").asInt()).isEqualTo(7);
		assertThat(body.propertyNames()).contains("temperature", "top_p", "presence_penalty", "frequency_penalty",
				"tools", "parallel_tool_calls");
		assertThat(body.propertyNames()).doesNotContain("store", "stream_options", "user", "logprobs", "top_logprobs",
				"logit_bias", "prompt_cache_key", "web_search_options", "seed", "max_completion_tokens");
		JsonNode messages = body.get("messages");
		assertThat(messages.get(0))
			.isEqualTo(JsonNodeFactory.instance.objectNode().put("role", "system").put("content", "Be brief."));
		assertThat(messages.get(3).get("tool_calls").get(0).get("function").get("arguments").asString())
			.isEqualTo("{\"city\":\"Paris\"}");
		assertThat(messages.get(5).get("content").asString()).isEqualTo("18 degrees.");
	}

	@Test
	void extraBodyFieldsOfMistralAreSentAsWritten() {
		ChatCompletionRequest request = problematicRequest("mistral-large-latest").mutate()
			.extraBodyField("safe_prompt", JsonNodeFactory.instance.booleanNode(true))
			.extraBodyField("prompt_mode", JsonNodeFactory.instance.stringNode("reasoning"))
			.build();
		ObjectNode body = adapted(ProviderProfiles.MISTRAL, request);
		assertThat(body.get("safe_prompt").asBoolean()).isTrue();
		assertThat(body.get("prompt_mode").asString()).isEqualTo("reasoning");
		assertAcceptedByMistral(body);
	}

	@Test
	void capturedToolCallTurnIsSentBackInMistralsShape() {
		AssistantMessage reply = accumulate(fixture("mistral/stream-tool-call.sse")).firstChoice().message();
		ToolCall call = reply.toolCalls().get(0);
		ChatCompletionRequest next = ChatCompletionRequest.builder()
			.model("mistral-small-latest")
			.messages(List.of(Message.user("Weather in San Francisco?"), reply, Message.tool(call.id(), "18")))
			.build();
		ObjectNode body = adapted(ProviderProfiles.MISTRAL, next);
		assertAcceptedByMistral(body);
		assertThat(body.get("messages").get(1).get("tool_calls").get(0).get("id").asString()).isEqualTo("gSIMJiOkT");
	}

	@Test
	void magistralThinkingIsNotSentBack() {
		AssistantMessage reply = accumulate(fixture("mistral/stream-reasoning-content-array.sse")).firstChoice()
			.message();
		assertThat(reply.reasoningContent()).isNotBlank();
		AssistantMessage toolCall = reply.mutate().toolCall(ToolCall.function("call_1", "get_time", "{}")).build();
		ChatCompletionRequest next = ChatCompletionRequest.builder()
			.model("magistral-medium-latest")
			.messages(List.of(Message.user("Think."), toolCall, Message.tool("call_1", "noon"), Message.user("Ok?")))
			.build();
		ObjectNode body = adapted(ProviderProfiles.MISTRAL, next);
		assertAcceptedByMistral(body);
		assertThat(body.get("messages").get(1).has("reasoning_content")).isFalse();
		assertThat(body.get("messages").get(1).get("content").asString()).isEqualTo(reply.text());
	}

	@Test
	void assistantPrefixIsKept() {
		AssistantMessage prefix = AssistantMessage.builder()
			.content("Once upon")
			.extra("prefix", JsonNodeFactory.instance.booleanNode(true))
			.build();
		ChatCompletionRequest request = ChatCompletionRequest.builder()
			.model("mistral-small-latest")
			.messages(List.of(Message.user("A story."), prefix))
			.build();
		assertThat(ProviderProfiles.MISTRAL.adapt(request)).isSameAs(request);
	}

	static void assertAcceptedByMistral(ObjectNode body) {
		assertThat(body.propertyNames()).isSubsetOf(REQUEST_FIELDS);
		for (JsonNode message : body.get("messages")) {
			String role = message.get("role").asString();
			assertThat(message.propertyNames()).as(role).isSubsetOf(MESSAGE_FIELDS.get(role));
			for (JsonNode call : message.path("tool_calls")) {
				assertThat(call.propertyNames()).isSubsetOf(TOOL_CALL_FIELDS);
				assertThat(call.get("function").propertyNames()).isSubsetOf(FUNCTION_FIELDS);
			}
		}
	}

}
