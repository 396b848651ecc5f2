package dev.chatconversation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.ImageUrlPart;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.InputAudioPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.UserMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for changing the history of a {@link ChatCompletionsConversation}: appending,
 * correcting, removing turns, forking, clearing and snapshots.
 */
class ConversationHistoryTests {

	private static final AssistantMessage WEATHER_CALLS = AssistantMessage.builder()
		.toolCall(ToolCall.function("call_1", "weather", "{\"city\":\"Paris\"}"))
		.toolCall(ToolCall.function("call_2", "weather", "{\"city\":\"Rome\"}"))
		.finishReason("tool_calls")
		.build();

	@TempDir
	Path folder;

	@Test
	void appendsMessagesOfEveryKindInOrder() {
		ChatCompletionsConversation conversation = conversation();

		conversation.appendSystemMessage("Be brief.");
		conversation.appendDeveloperMessage("Answer in French.");
		conversation.appendUserMessage("Hi");
		conversation.appendAssistantMessage("Salut");
		conversation.appendMessage(Message.tool("call_1", "21°C"));

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."),
				Message.developer("Answer in French."), Message.user("Hi"), Message.assistant("Salut"),
				Message.tool("call_1", "21°C"));
	}

	@Test
	void appendsContentPartsAsOneUserMessage() throws IOException {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G' };
		byte[] wav = { 'R', 'I', 'F', 'F' };
		Path image = Files.write(this.folder.resolve("dog.png"), png);
		Path audio = Files.write(this.folder.resolve("bark.wav"), wav);
		Path pdf = Files.write(this.folder.resolve("breeds.pdf"), wav);
		ChatCompletionsConversation conversation = conversation();

		conversation
			.appendUserMessage(List.of(ContentPart.imageUrl("https://x.test/cat.png"), ContentPart.text("Compare with"),
					ContentPart.imageFile(image), ContentPart.audioFile(audio), ContentPart.file(pdf)));

		assertThat(conversation.messages()).singleElement().isInstanceOfSatisfying(UserMessage.class, (user) -> {
			List<ContentPart> parts = ((Content.Parts) user.content()).parts();
			assertThat(parts).extracting(ContentPart::type)
				.containsExactly("image_url", "text", "image_url", "input_audio", "file");
			assertThat(((ImageUrlPart) parts.get(2)).imageUrl().url())
				.isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
			assertThat(((InputAudioPart) parts.get(3)).inputAudio().format()).isEqualTo("wav");
		});
	}

	@Test
	void refusesAUserMessageWithoutParts() {
		ChatCompletionsConversation conversation = conversation();

		assertThatIllegalArgumentException().isThrownBy(() -> conversation.appendUserMessage(List.of()))
			.withMessage("A user message needs at least one content part");
		assertThat(conversation.messages()).isEmpty();
	}

	@Test
	void correctsTheTextOfTheLastReplyAndClearsItsIncompleteMark() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Capital of Australia?"),
				AssistantMessage.builder()
					.content("Sydn")
					.incomplete(new Incomplete(Incomplete.ERROR, "Connection reset"))
					.build());

		conversation.correctLastResponse("Canberra");

		assertThat(conversation.messages()).containsExactly(Message.user("Capital of Australia?"),
				Message.assistant("Canberra"));
	}

	@Test
	void refusesToCorrectWhenTheHistoryDoesNotEndWithAReply() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"));

		assertThatIllegalStateException().isThrownBy(() -> conversation.correctLastResponse("Hello"))
			.withMessageContaining("does not end with an assistant reply");
		assertThatIllegalStateException().isThrownBy(() -> conversation().correctLastResponse("Hello"));
		assertThat(conversation.messages()).containsExactly(Message.user("Hi"));
	}

	@Test
	void removesTheLastTurnWithItsToolCallsAndResultsTogether() {
		List<Message> firstTurn = List.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello"));
		List<Message> lastTurn = List.of(Message.user("Weather in Paris and Rome?"), WEATHER_CALLS,
				Message.tool("call_1", "21°C"), Message.tool("call_2", "25°C"),
				Message.assistant("Paris 21°C, Rome 25°C"));
		ChatCompletionsConversation conversation = conversationWith(concat(firstTurn, lastTurn));

		List<Message> removed = conversation.removeLastTurn();

		assertThat(removed).isEqualTo(lastTurn);
		assertThat(conversation.messages()).isEqualTo(firstTurn);
		assertThat(conversation.removeLastTurn()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
		assertThat(conversation.removeLastTurn()).isEmpty();
		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."));
	}

	@Test
	void removesATurnCutOffAfterItsToolCalls() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"), Message.assistant("Hello"),
				Message.user("Weather?"), WEATHER_CALLS, Message.tool("call_1", "21°C"));

		assertThat(conversation.removeLastTurn()).containsExactly(Message.user("Weather?"), WEATHER_CALLS,
				Message.tool("call_1", "21°C"));
		assertThat(conversation.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
	}

	@Test
	void forkGivesAnIndependentCopy() {
		ChatCompletionsConversation original = conversationWith(Message.user("Hi"), Message.assistant("Hello"));

		ChatCompletionsConversation fork = original.fork();
		fork.appendUserMessage("Only in the fork");
		original.correctLastResponse("Hello there");

		assertThat(fork.model()).isEqualTo(original.model());
		assertThat(fork.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"),
				Message.user("Only in the fork"));
		assertThat(original.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello there"));
	}

	@Test
	void clearRemovesEveryMessage() {
		ChatCompletionsConversation conversation = conversationWith(Message.system("Be brief."), Message.user("Hi"));

		conversation.clear();

		assertThat(conversation.messages()).isEmpty();
		assertThat(conversation.toJson()).isEqualTo("[]");
	}

	@Test
	void messagesIsAReadOnlySnapshot() {
		ChatCompletionsConversation conversation = conversationWith(Message.user("Hi"));

		List<Message> snapshot = conversation.messages();
		conversation.appendAssistantMessage("Hello");

		assertThat(snapshot).containsExactly(Message.user("Hi"));
		assertThatThrownBy(() -> snapshot.add(Message.user("sneaky")))
			.isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
		assertThat(conversation.messages()).containsExactly(Message.user("Hi"), Message.assistant("Hello"));
	}

	@Test
	void startsWithTheSystemPromptAndMessagesGivenToTheBuilder() {
		List<Message> seed = new ArrayList<>(List.of(Message.user("Hi"), Message.assistant("Hello")));

		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.baseUrl("http://localhost:1/v1")
			.model("test-model")
			.systemPrompt("Be brief.")
			.messages(seed)
			.build();
		seed.clear();

		assertThat(conversation.messages()).containsExactly(Message.system("Be brief."), Message.user("Hi"),
				Message.assistant("Hello"));
	}

	@Test
	void refusesNullMessages() {
		ChatCompletionsConversation conversation = conversation();

		assertThatNullPointerException().isThrownBy(() -> conversation.appendMessage(null));
		assertThatNullPointerException().isThrownBy(() -> ChatCompletionsConversation.builder()
			.baseUrl("http://localhost:1/v1")
			.model("test-model")
			.messages(Arrays.asList(Message.user("Hi"), null))
			.build());
	}

	@Test
	void keepsALegacyFunctionCallWithItsResultInTheLastTurn() {
		AssistantMessage call = AssistantMessage.builder().functionCall(FunctionCall.of("lookup", "{}")).build();
		ChatCompletionsConversation conversation = conversationWith(Message.user("Find it"), call);

		assertThat(call.hasToolCalls()).isTrue();
		assertThat(conversation.removeLastTurn()).containsExactly(Message.user("Find it"), call);
	}

	private static List<Message> concat(List<Message> first, List<Message> second) {
		List<Message> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static ChatCompletionsConversation conversationWith(Message... messages) {
		return conversationWith(List.of(messages));
	}

	private static ChatCompletionsConversation conversationWith(List<Message> messages) {
		ChatCompletionsConversation conversation = conversation();
		messages.forEach(conversation::appendMessage);
		return conversation;
	}

	private static ChatCompletionsConversation conversation() {
		return new ChatCompletionsConversation(null, "http://localhost:1/v1", "test-model");
	}

}
