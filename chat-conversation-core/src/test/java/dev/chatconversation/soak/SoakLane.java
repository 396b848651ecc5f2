package dev.chatconversation.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.ConversationTurn;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.FailedTurn;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One conversation of the soak at a time, running its turns one after the other and
 * checking each as soon as it ends: the typed failure, the text received, the requests
 * the server saw, and the history against the {@link HistoryModel}. Every
 * {@value #TURNS_PER_CONVERSATION} turns it starts a new conversation, so that requests
 * stay small however long the soak runs.
 */
final class SoakLane {

	static final int TURNS_PER_CONVERSATION = 25;

	/**
	 * How long a turn may go without a signal before it counts as hung: far above any
	 * scenario's own limits (2 s idle, 1 s deadline), so only a real hang reaches it.
	 */
	private static final Duration HANG = Duration.ofSeconds(60);

	private final ChatCompletionsClient client;

	private final SoakServer server;

	private final Consumer<String> problems;

	private ChatCompletionsConversation conversation;

	private HistoryModel model = new HistoryModel();

	private int turns;

	SoakLane(ChatCompletionsClient client, SoakServer server, Consumer<String> problems) {
		this.client = client;
		this.server = server;
		this.problems = problems;
		this.conversation = newConversation();
	}

	/** Runs turn {@code id} once subscribed, then checks it. */
	Mono<TurnResult> run(int id, Scenario scenario) {
		return Mono.defer(() -> {
			if (this.turns++ == TURNS_PER_CONVERSATION) {
				this.turns = 1;
				this.conversation = newConversation();
				this.model = new HistoryModel();
			}
			this.server.expect(id, scenario);
			String userText = "Soak turn " + id;
			ConversationTurn turn = this.conversation.turn(userText).options((options) -> {
				options.extraHeader(SoakServer.TURN_HEADER, Integer.toString(id));
				if (scenario.deadline() != null) {
					options.timeout(scenario.deadline());
				}
			});
			return scenario.streamed() ? stream(id, scenario, userText, turn) : call(id, scenario, userText, turn);
		}).doOnNext(this::check);
	}

	private Mono<TurnResult> stream(int id, Scenario scenario, String userText, ConversationTurn turn) {
		List<String> pieces = new ArrayList<>();
		Flux<String> text = turn.text().timeout(HANG).doOnNext((piece) -> {
			pieces.add(piece);
			if (pieces.size() == scenario.delivered()) {
				this.server.received(id);
			}
		});
		if (scenario.cancelled()) {
			text = text.take(scenario.delivered());
		}
		return text.then(Mono.fromSupplier(() -> result(id, scenario, userText, pieces, null)))
			.onErrorResume((failure) -> Mono.just(result(id, scenario, userText, pieces, failure)));
	}

	private Mono<TurnResult> call(int id, Scenario scenario, String userText, ConversationTurn turn) {
		return turn.response()
			.timeout(HANG)
			.map((reply) -> new TurnResult(id, scenario, userText, reply, SoakWire.PIECES, null))
			.onErrorResume((failure) -> Mono.just(new TurnResult(id, scenario, userText, "", 0, failure)));
	}

	private static TurnResult result(int id, Scenario scenario, String userText, List<String> pieces,
			@Nullable Throwable failure) {
		return new TurnResult(id, scenario, userText, String.join("", pieces), pieces.size(), failure);
	}

	private void check(TurnResult turn) {
		String prefix = "turn " + turn.id() + " (" + turn.scenario() + "): ";
		List<String> found = new ArrayList<>();
		checkEnding(turn, found);
		checkReceived(turn, found);
		SoakServer.Attempts attempts = this.server.attemptsOf(turn.id());
		int expected = turn.scenario().attempts();
		if ((expected != SoakWire.SOME) ? attempts.count() != expected : attempts.count() > 1) {
			found.add("the server saw " + attempts.count() + " requests over " + attempts.spread().toMillis()
					+ " ms, not " + ((expected != SoakWire.SOME) ? expected : "0 or 1"));
		}
		if (this.conversation.isTurnRunning()) {
			found.add("the turn still runs after its caller saw it end");
		}
		this.model.apply(turn);
		List<HistoryModel.Entry> history = HistoryModel.of(this.conversation.messages());
		if (!history.equals(this.model.expected())) {
			found.add("the history is " + history + " instead of " + this.model.expected());
		}
		found.forEach((problem) -> this.problems.accept(prefix + problem));
	}

	private static void checkEnding(TurnResult turn, List<String> found) {
		Class<? extends RuntimeException> expected = turn.scenario().failure();
		Throwable failure = turn.failure();
		if ((expected != null) ? !expected.isInstance(failure) : failure != null) {
			found
				.add("ended with " + failure + " instead of " + ((expected != null) ? expected.getName() : "no error"));
			return;
		}
		if (failure instanceof ApiTimeoutException timeout) {
			ApiTimeoutException.Kind kind = (turn.scenario().deadline() != null) ? ApiTimeoutException.Kind.TOTAL
					: ApiTimeoutException.Kind.STREAM_IDLE;
			if (timeout.kind() != kind) {
				found.add("timed out as " + timeout.kind() + " instead of " + kind);
			}
		}
		if (failure instanceof ChatCompletionsException typed && !reportsWhatWasKept(typed.turn(), turn)) {
			found.add("the failure reports " + typed.turn() + " for what was received: '" + turn.received() + "'");
		}
	}

	private static boolean reportsWhatWasKept(@Nullable FailedTurn failed, TurnResult turn) {
		if (failed == null || failed.userMessage() == null || !failed.userMessage().text().equals(turn.userText())) {
			return false;
		}
		return turn.received().isEmpty() ? failed.historyUnchanged()
				: failed.keptPartialReply() && failed.partialReply().text().equals(turn.received());
	}

	private static void checkReceived(TurnResult turn, List<String> found) {
		int delivered = turn.scenario().delivered();
		boolean some = delivered == SoakWire.SOME;
		String expected = SoakWire.text(turn.id(), some ? turn.pieces() : delivered);
		if (!turn.received().equals(expected)) {
			found.add("received '" + turn.received() + "' instead of '" + expected + "'");
		}
	}

	private ChatCompletionsConversation newConversation() {
		return ChatCompletionsConversation.builder().client(this.client).model("gpt-4o-mini").build();
	}

}
