package dev.chatconversation.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests that messages and their parts are immutable values.
 */
class MessageValuesTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Test
	void changingTheListsPassedInDoesNotChangeTheMessage() {
		List<ToolCall> calls = new ArrayList<>(List.of(ToolCall.function("c1", "f", "{}")));
		List<ContentPart> parts = new ArrayList<>(List.of(ContentPart.text("a")));
		AssistantMessage assistant = AssistantMessage.builder().toolCalls(calls).build();
		UserMessage user = Message.user(parts);

		calls.add(ToolCall.function("c2", "g", "{}"));
		parts.add(ContentPart.text("b"));

		assertThat(assistant.toolCalls()).extracting(ToolCall::id).containsExactly("c1");
		assertThat(((Content.Parts) user.content()).parts()).containsExactly(ContentPart.text("a"));
	}

	@Test
	void listsGotOutOfAMessageCannotBeModified() {
		AssistantMessage assistant = AssistantMessage.builder().toolCall(ToolCall.function("c1", "f", "{}")).build();
		Content.Parts content = Content.of(List.of(ContentPart.text("a")));

		assertThatThrownBy(() -> assistant.toolCalls().add(ToolCall.function("c2", "g", "{}")))
			.isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> content.parts().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void changingTheExtraMapPassedInDoesNotChangeTheMessage() {
		Map<String, JsonNode> extra = new LinkedHashMap<>();
		extra.put("x_flag", NODES.booleanNode(true));
		UserMessage message = new UserMessage(Content.of("Hi"), null, extra);

		extra.put("x_other", NODES.stringNode("added"));

		assertThat(message.extra()).containsOnlyKeys("x_flag");
	}

	@Test
	void extraMapsGotOutOfAValueCannotBeModified() {
		ToolCall call = new ToolCall("c1", "function", FunctionCall.of("f", "{}"),
				Map.of("x_flag", NODES.booleanNode(true), "x_tree", NODES.objectNode()));
		TextPart text = new TextPart("a", Map.of("x_flag", NODES.booleanNode(true)));

		assertThatThrownBy(() -> call.extra().put("x", NODES.nullNode()))
			.isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> text.extra().remove("x_flag")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> Message.user("Hi").extra().put("x", NODES.nullNode()))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void mutatingAJsonNodePassedInDoesNotChangeTheMessage() {
		ObjectNode google = NODES.objectNode().put("thought_signature", "sig-1");
		ObjectNode extraContent = NODES.objectNode();
		extraContent.set("google", google);
		ToolCall call = new ToolCall("c1", "function", FunctionCall.of("f", "{}"),
				Map.of("extra_content", extraContent));
		AssistantMessage message = AssistantMessage.builder().toolCall(call).build();

		google.put("thought_signature", "changed");
		extraContent.put("added", 1);

		assertThat(message.toolCalls().get(0).extra().get("extra_content"))
			.isEqualTo(NODES.objectNode().set("google", NODES.objectNode().put("thought_signature", "sig-1")));
	}

	@Test
	void mutatingAJsonNodeGotOutDoesNotChangeTheMessage() {
		ArrayNode tags = NODES.arrayNode().add("a");
		ImageUrlPart part = new ImageUrlPart(
				new ImageUrlPart.ImageUrl("https://x.test/a.png", null, Map.of("x_tags", tags)), Map.of());
		UserMessage message = Message.user(List.of(part));
		String before = MessageJson.writeList(List.of(message), false);

		((ArrayNode) part.imageUrl().extra().get("x_tags")).add("b");
		((ArrayNode) ((ImageUrlPart) ((Content.Parts) message.content()).parts().get(0)).imageUrl()
			.extra()
			.get("x_tags")).removeAll();

		assertThat(MessageJson.writeList(List.of(message), false)).isEqualTo(before);
		assertThat(part.imageUrl().extra().get("x_tags")).isEqualTo(NODES.arrayNode().add("a"));
	}

	@Test
	void aBuilderDerivedCopyLeavesTheOriginalUnchanged() {
		AssistantMessage original = AssistantMessage.builder()
			.content("Once upon")
			.incomplete(new Incomplete(Incomplete.CANCELLED, null))
			.extra("x_flag", NODES.booleanNode(true))
			.build();

		AssistantMessage changed = original.mutate()
			.content("Once upon a time")
			.incomplete(null)
			.extra(Map.of())
			.build();

		assertThat(original.text()).isEqualTo("Once upon");
		assertThat(original.incomplete()).isEqualTo(new Incomplete(Incomplete.CANCELLED, null));
		assertThat(original.extra()).containsOnlyKeys("x_flag");
		assertThat(changed.text()).isEqualTo("Once upon a time");
		assertThat(changed.incomplete()).isNull();
		assertThat(changed.extra()).isEmpty();
	}

	@Test
	void refusesAnExtraFieldThatTheValueModels() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UserMessage(Content.of("Hi"), null, Map.of("content", NODES.stringNode("other"))))
			.withMessageContaining("'content' is a modelled field");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AssistantMessage.builder().extra("finish_reason", NODES.stringNode("stop")).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TextPart("a", Map.of("type", NODES.stringNode("image_url"))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ToolCall("c1", "function", FunctionCall.of("f", "{}"), Map.of("id", NODES.stringNode("c2"))));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new FilePart.FileRef("file-1", null, null, Map.of("filename", NODES.stringNode("a.pdf"))));
	}

	@Test
	void acceptsAsExtraAFieldThatAnotherRoleModels() {
		ToolMessage tool = new ToolMessage(Content.of("42"), "c1", Map.of("name", NODES.stringNode("answer")));

		assertThat(MessageJson.writeList(List.of(tool), false))
			.isEqualTo("[{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"c1\",\"name\":\"answer\"}]");
	}

	@Test
	void refusesNullExtraValues() {
		Map<String, JsonNode> extra = new LinkedHashMap<>();
		extra.put("x", null);

		assertThatNullPointerException().isThrownBy(() -> new UserMessage(Content.of("Hi"), null, extra))
			.withMessageContaining("'x'");
	}

	@Test
	void refusesAFunctionToolCallWithoutFunctionButAcceptsOtherToolTypes() {
		ToolCall custom = new ToolCall("c1", "custom", null, Map.of("custom", NODES.objectNode().put("input", "x")));

		assertThatIllegalArgumentException().isThrownBy(() -> new ToolCall("c1", "function", null, Map.of()))
			.withMessage("A function tool call needs a function");
		assertThat(MessageJson
			.readList(MessageJson.writeList(List.of(AssistantMessage.builder().toolCall(custom).build()), false), null))
			.singleElement()
			.isInstanceOfSatisfying(AssistantMessage.class,
					(message) -> assertThat(message.toolCalls()).containsExactly(custom));
	}

	@Test
	void refusesAFilePartWithNeitherIdNorData() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FilePart.FileRef(null, null, "a.pdf", Map.of()))
			.withMessage("A file part needs a file_id or file_data");
	}

	@Test
	void joinsTheTextPartsOfContentAndSkipsOtherParts() {
		UserMessage message = Message.user(List.of(ContentPart.text("Hello, "),
				ContentPart.imageUrl("https://x.test/a.png"), ContentPart.text("world")));

		assertThat(message.text()).isEqualTo("Hello, world");
		assertThat(AssistantMessage.builder().build().text()).isEmpty();
		assertThat(new FunctionMessage("f", null, Map.of()).text()).isEmpty();
	}

}
