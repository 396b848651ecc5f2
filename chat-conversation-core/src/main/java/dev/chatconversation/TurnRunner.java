package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.FunctionDefinition;
import dev.chatconversation.client.model.Tool;
import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.tool.ToolResult;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the rounds of a turn: sends the request, streamed or not, and while the model asks
 * for tools that the conversation runs, answers them and asks again, until a reply
 * without tool calls or the maximum number of rounds. Every round's messages go through
 * the {@link Turn}, which keeps the history whole, and only what the turn accepted is
 * emitted.
 */
final class TurnRunner {

	private final @Nullable ChatCompletionsClient client;

	private final ChatCompletionRequest defaults;

	private final ToolPolicy tools;

	private final @Nullable ServerHistory serverHistory;

	private final ContextSelector context;

	private final OverflowRetry overflow;

	private final TurnObservations observations;

	TurnRunner(@Nullable ChatCompletionsClient client, ChatCompletionRequest defaults, ToolPolicy tools,
			@Nullable ServerHistory serverHistory, ContextWindow window, TurnObservations observations) {
		this.client = client;
		this.defaults = tools.tools().isEmpty() ? defaults : offerTools(defaults, tools);
		this.tools = tools;
		this.serverHistory = serverHistory;
		this.context = new ContextSelector(window);
		// the server's copy of a chat cannot be shrunk by resending fewer messages
		this.overflow = new OverflowRetry(window.retryOnOverflow() && serverHistory == null);
		this.observations = observations;
	}

	/**
	 * The signals of a whole turn: chunks of each streamed round, tool calls and results,
	 * then {@link ConversationEvent.Completed}.
	 *
	 * <p>
	 * The first request is sent on subscription. A conversation without a client fails at
	 * once with an {@link IllegalStateException}; any other failure, from building a
	 * request on, with the library's typed exception (others wrapped in an
	 * {@link UnexpectedTurnException}) whose {@code turn()} says what the history kept.
	 *
	 * <p>
	 * Every signal is emitted only once the turn has accepted it: a chunk, tool result or
	 * completion that arrives after the turn ended (a cancel from another thread may
	 * cross it on its way) is dropped, so the subscriber never receives more than the
	 * history keeps. When a failure and a cancel race, the first to reach the turn wins:
	 * after the cancel, the failure is neither delivered nor reported to
	 * {@code Hooks.onErrorDropped}, and the partial reply is marked cancelled; after the
	 * failure, the cancel changes nothing.
	 */
	Flux<TurnSignal> run(Turn turn, Consumer<ChatCompletionRequest.Builder> options, boolean streaming) {
		ChatCompletionRequest request;
		this.overflow.startTurn();
		try {
			requireClient();
		}
		catch (IllegalStateException ex) {
			turn.fail(ex);
			throw ex;
		}
		try {
			request = request(turn, options);
		}
		catch (RuntimeException ex) {
			throw turn.fail(ex);
		}
		return this.observations.turn(streaming, round(turn, options, streaming, request).onErrorResume((failure) -> {
			if (this.serverHistory != null) {
				this.serverHistory.forget();
			}
			ChatCompletionsException failed = turn.failUnlessCancelled(failure);
			return (failed != null) ? Flux.error(failed) : Flux.empty();
		}).doOnCancel(() -> {
			if (this.serverHistory != null) {
				this.serverHistory.forget();
			}
			turn.cancel();
		}));
	}

	private Flux<TurnSignal> round(Turn turn, Consumer<ChatCompletionRequest.Builder> options, boolean streaming,
			ChatCompletionRequest request) {
		ChatCompletionsClient client = requireClient();
		if (!streaming) {
			return this.overflow.create(client, request, (completion) -> afterRound(turn, options, false, completion));
		}
		return this.overflow.stream(client, request, turn::add)
			.concatWith(Flux.defer(() -> afterRound(turn, options, true, turn.streamed())));
	}

	private Flux<TurnSignal> afterRound(Turn turn, Consumer<ChatCompletionRequest.Builder> options, boolean streaming,
			ChatCompletion completion) {
		if (this.serverHistory != null) {
			this.serverHistory.answered(completion);
		}
		AssistantMessage reply = completion.choices().isEmpty() ? null : completion.firstChoice().message();
		if (reply == null || !reply.hasToolCalls() || !this.tools.runsTools()) {
			return turn.complete(this.overflow.mark(completion))
				.map((done) -> TurnSignal.of(new ConversationEvent.Completed(done)))
				.flux();
		}
		List<ToolCall> calls = calls(reply);
		boolean legacy = reply.toolCalls().isEmpty();
		if (!turn.startTools(reply, calls, legacy)) {
			return Flux.empty();
		}
		if (turn.toolRounds() >= this.tools.maxRounds()) {
			return Flux.error(new ToolRoundsExceededException(this.tools.maxRounds()));
		}
		return this.observations.toolRound(streaming, calls, runTools(turn, calls, legacy))
			.concatWith(Mono.<TurnSignal>fromRunnable(turn::finishTools))
			.concatWith(Flux
				.defer(() -> turn.running() ? round(turn, options, streaming, request(turn, options)) : Flux.empty()));
	}

	private Flux<TurnSignal> runTools(Turn turn, List<ToolCall> calls, boolean legacy) {
		Flux<TurnSignal> requested = Flux.fromIterable(calls)
			.map((call) -> TurnSignal.of(new ConversationEvent.ToolCallRequested(call)));
		Flux<TurnSignal> completed = this.tools.tools().execute(calls).handle((result, signals) -> {
			Message message = answer(result, legacy);
			if (turn.toolFinished(result.call(), message)) {
				signals.next(TurnSignal
					.of(new ConversationEvent.ToolCallCompleted(result.call(), message, result.failed())));
			}
		});
		return requested.concatWith(completed);
	}

	private static Message answer(ToolResult result, boolean legacy) {
		return legacy ? result.toFunctionMessage() : result.toMessage();
	}

	private static List<ToolCall> calls(AssistantMessage reply) {
		if (!reply.toolCalls().isEmpty() || reply.functionCall() == null) {
			return reply.toolCalls();
		}
		// a legacy function_call has no id; the answer is a function message
		return List.of(new ToolCall("", "function", reply.functionCall(), Map.of()));
	}

	private ChatCompletionRequest request(Turn turn, Consumer<ChatCompletionRequest.Builder> options) {
		requireClient();
		ChatCompletionRequest.Builder request = this.defaults.mutate();
		options.accept(request);
		List<Message> messages = this.context.select(turn.requestMessages(), request.build().model());
		if (this.serverHistory != null) {
			this.serverHistory.prepare(request, messages);
			return request.build();
		}
		return request.messages(messages).build();
	}

	// after the defaults' own tools (or functions), so a turn's options can still replace
	// them
	private static ChatCompletionRequest offerTools(ChatCompletionRequest defaults, ToolPolicy tools) {
		if (tools.legacyFunctions()) {
			List<FunctionDefinition> functions = new ArrayList<>();
			if (defaults.functions() != null) {
				functions.addAll(defaults.functions());
			}
			functions.addAll(tools.tools().functionDefinitions());
			return defaults.mutate().functions(functions).build();
		}
		List<Tool> offered = new ArrayList<>();
		if (defaults.tools() != null) {
			offered.addAll(defaults.tools());
		}
		offered.addAll(tools.tools().wireTools());
		return defaults.mutate().tools(offered).build();
	}

	ChatCompletionsClient requireClient() {
		if (this.client == null) {
			throw new IllegalStateException(
					"This conversation has no client: build it with a base URL (and API key) or a ChatCompletionsClient");
		}
		return this.client;
	}

}
