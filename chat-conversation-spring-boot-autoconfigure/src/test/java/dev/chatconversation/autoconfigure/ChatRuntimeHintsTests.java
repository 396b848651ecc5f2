package dev.chatconversation.autoconfigure;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the reflection hints that a native image needs to bind the wire types and
 * messages.
 */
class ChatRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void whenTheAotFactoriesAreLoadedThenTheChatHintsAreAmongThem() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(ChatRuntimeHints.class);
	}

	@Test
	void whenHintsAreRegisteredThenTheWireRecordsCanBeBoundByReflection() {
		for (Class<?> type : new Class<?>[] { ChatCompletion.class, ChatCompletionChunk.class, Usage.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ChatCompletionChunk.class, "choices"))
			.accepts(this.hints);
	}

	@Test
	void whenHintsAreRegisteredThenTheMessagesCanBeBoundByReflection() {
		for (Class<?> type : new Class<?>[] { Message.class, AssistantMessage.class, ToolCall.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AssistantMessage.class, "content"))
			.accepts(this.hints);
	}

	@Test
	void whenHintsAreRegisteredThenEveryTypeOfTheWirePackagesIsCovered() {
		assertThat(ChatRuntimeHints.typesBeside(ChatCompletion.class, getClass().getClassLoader()))
			.contains(ChatCompletion.class, ChatCompletionChunk.class, Usage.class)
			.allSatisfy((type) -> assertThat(RuntimeHintsPredicates.reflection().onType(type)).accepts(this.hints));
	}

	@Test
	void whenHintsAreRegisteredThenAnApplicationTypeIsNotCovered() {
		assertThat(RuntimeHintsPredicates.reflection().onType(ChatRuntimeHintsTests.class)).rejects(this.hints);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		new ChatRuntimeHints().registerHints(hints, ChatRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
