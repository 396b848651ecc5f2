package dev.chatconversation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Message;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays findings of {@link ConversationStreamFuzzTests} without Jazzer, through the
 * same in-process exchange function, and states what the nothing-lost rule asks of each:
 * whatever the subscriber received is in the history.
 */
class ConversationFuzzFindingsTests {

	private static final String INPUTS = "ConversationStreamFuzzTestsInputs/"
			+ "aStreamedTurnOverAnyBodyCompletesOrFailsTypedAndKeepsOnlyWhatTheRulesAllow/";

	@Test
	void textOfAChoiceOtherThanTheFirstIsNeitherStreamedNorLostWhenTheNextEventIsBroken() {
		ChatCompletionsConversation conversation = conversation(
				body("conversation-text-of-choice-1-lost-from-history"));
		List<Message> before = conversation.messages();
		List<String> pieces = new ArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();

		StepVerifier.create(conversation.sendAndStreamResponse("What does the stream say?")
			.doOnNext(pieces::add)
			.onErrorResume((ex) -> {
				failure.set(ex);
				return Mono.empty();
			})).thenConsumeWhile((piece) -> true).expectComplete().verify(Duration.ofSeconds(30));

		assertThat(failure.get()).isInstanceOf(ChatCompletionsException.class);
		FailedTurn turn = ((ChatCompletionsException) failure.get()).turn();
		String streamed = String.join("", pieces);
		if (turn.historyUnchanged()) {
			assertThat(streamed).as("text streamed while the history kept nothing").isEmpty();
			assertThat(conversation.messages()).isEqualTo(before);
		}
		else {
			AssistantMessage partial = (AssistantMessage) conversation.messages().get(before.size() + 1);
			assertThat(partial.text()).isEqualTo(streamed);
		}
	}

	private static ChatCompletionsConversation conversation(byte[] body) {
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:9/v1")
			.apiKey("sk-fuzz-finding-0123456789")
			.retryPolicy(RetryPolicy.NONE)
			.webClientBuilder(WebClient.builder()
				.exchangeFunction((request) -> Mono.just(ConversationStreamFuzzTests.response(200, body, new int[0]))))
			.build();
		return ChatCompletionsConversation.builder()
			.client(client)
			.model("gpt-fuzz")
			.systemPrompt("Be brief.")
			.messages(List.of(Message.user("Hi"), AssistantMessage.builder().content("Hello").build()))
			.build();
	}

	/**
	 * The response body of a finding: the target takes its status and reads from the
	 * input's last bytes, and {@code 00 01} there mean status 200 and one read.
	 */
	private static byte[] body(String finding) {
		try (InputStream in = ConversationFuzzFindingsTests.class.getResourceAsStream(INPUTS + finding)) {
			assertThat(in).as(finding).isNotNull();
			byte[] input = in.readAllBytes();
			assertThat(Arrays.copyOfRange(input, input.length - 2, input.length)).containsExactly(0, 1);
			return Arrays.copyOf(input, input.length - 2);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
