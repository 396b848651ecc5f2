package dev.chatconversation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.FailedTurn;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.Message;
import dev.chatconversation.tool.ToolExecution;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes a whole streamed turn (issue 16): the fuzzer's bytes are the response body, cut
 * into network reads at places it chooses, behind an in-process exchange function (no
 * socket). The turn either completes, with the user's message and the whole reply added
 * to the history, or fails with a {@link ChatCompletionsException} that carries the
 * failed turn, and the history obeys the nothing-lost rules: exactly as before when no
 * reply text arrived, else the user's message and the partial reply marked incomplete,
 * holding exactly the text streamed. Regression mode replays
 * {@code ConversationStreamFuzzTestsInputs/}; {@code -Pfuzz} fuzzes.
 */
class ConversationStreamFuzzTests {

	private static final String API_KEY = "sk-fuzz-conversation-0123456789";

	private static final String QUESTION = "What does the stream say?";

	private static final int[] ERROR_STATUSES = { 400, 401, 404, 429, 500, 503 };

	private static final int MAX_READS = 16;

	private final AtomicReference<ClientResponse> response = new AtomicReference<>();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl("http://127.0.0.1:9/v1")
		.apiKey(API_KEY)
		.retryPolicy(RetryPolicy.NONE)
		.webClientBuilder(WebClient.builder().exchangeFunction((request) -> Mono.just(this.response.get())))
		.build();

	@FuzzTest(maxDuration = "3m")
	void aStreamedTurnOverAnyBodyCompletesOrFailsTypedAndKeepsOnlyWhatTheRulesAllow(FuzzedDataProvider data) {
		int status = (data.consumeInt(0, 7) == 0) ? ERROR_STATUSES[data.consumeInt(0, ERROR_STATUSES.length - 1)] : 200;
		int[] cuts = new int[data.consumeInt(0, MAX_READS)];
		for (int i = 0; i < cuts.length; i++) {
			cuts[i] = data.consumeInt();
		}
		this.response.set(response(status, data.consumeRemainingAsBytes(), cuts));
		ChatCompletionsConversation conversation = ChatCompletionsConversation.builder()
			.client(this.client)
			.model("gpt-fuzz")
			.systemPrompt("Be brief.")
			.messages(List.of(Message.user("Hi"), AssistantMessage.builder().content("Hello").build()))
			.toolExecution(ToolExecution.MANUAL)
			.build();
		List<Message> before = conversation.messages();
		List<String> pieces = new ArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();

		StepVerifier.create(conversation.sendAndStreamResponse(QUESTION).doOnNext(pieces::add).onErrorResume((ex) -> {
			failure.set(ex);
			return Mono.empty();
		})).thenConsumeWhile((piece) -> true).expectComplete().verify(Duration.ofSeconds(30));

		String streamed = String.join("", pieces);
		if (failure.get() == null) {
			assertCompleted(conversation.messages(), before, streamed);
		}
		else {
			assertFailed(failure.get(), conversation.messages(), before, streamed);
		}
	}

	private static void assertCompleted(List<Message> after, List<Message> before, String streamed) {
		assertThat(after).hasSize(before.size() + 2).startsWith(before.toArray(Message[]::new));
		assertThat(after.get(before.size())).isEqualTo(Message.user(QUESTION));
		AssistantMessage reply = (AssistantMessage) after.get(before.size() + 1);
		assertThat(reply.incomplete()).isNull();
		assertThat(reply.text()).isEqualTo(streamed);
	}

	private static void assertFailed(Throwable failure, List<Message> after, List<Message> before, String streamed) {
		assertThat(failure).isInstanceOf(ChatCompletionsException.class);
		assertThat(failure.getMessage()).doesNotContain(API_KEY);
		FailedTurn turn = ((ChatCompletionsException) failure).turn();
		assertThat(turn).as("the failed turn of %s", failure).isNotNull();
		List<Message> expected = new ArrayList<>(before);
		expected.addAll(turn.keptMessages());
		assertThat(after).isEqualTo(expected);
		if (turn.historyUnchanged()) {
			assertThat(turn.userMessage()).isEqualTo(Message.user(QUESTION));
			assertThat(turn.partialReply()).isNull();
			assertThat(streamed).isEmpty();
			return;
		}
		assertThat(turn.keptMessages()).containsExactly(Message.user(QUESTION), turn.partialReply());
		assertThat(turn.partialReply().incomplete()).isNotNull();
		assertThat(turn.partialReply().incomplete().reason()).isEqualTo(Incomplete.ERROR);
		assertThat(turn.partialReply().text()).isEqualTo(streamed);
	}

	/** A response whose body arrives in reads that end at the given places. */
	static ClientResponse response(int status, byte[] body, int[] cuts) {
		int[] ends = new int[cuts.length + 1];
		for (int i = 0; i < cuts.length; i++) {
			ends[i] = Math.floorMod(cuts[i], body.length + 1);
		}
		ends[cuts.length] = body.length;
		Arrays.sort(ends);
		List<DataBuffer> reads = new ArrayList<>(ends.length);
		int start = 0;
		for (int end : ends) {
			reads.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(body, start, end)));
			start = end;
		}
		return ClientResponse.create(HttpStatusCode.valueOf(status))
			.header(HttpHeaders.CONTENT_TYPE,
					(status == 200) ? MediaType.TEXT_EVENT_STREAM_VALUE : MediaType.APPLICATION_JSON_VALUE)
			.body(Flux.fromIterable(reads))
			.build();
	}

}
