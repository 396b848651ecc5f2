package dev.chatconversation;

import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionRequest;
import reactor.core.publisher.Flux;

/**
 * Runs the turns of one conversation on its history: each subscription starts a
 * {@link Turn} (which claims the history, so turns never overlap) and lets the
 * {@link TurnRunner} send its rounds.
 *
 * <p>
 * This is where the history meets the network: a conversation store would plug in here,
 * around {@link History}'s begin and end of a turn, to load the history before a turn and
 * append what the turn added once it ends.
 */
final class TurnEngine {

	private final History history;

	private final TurnRunner runner;

	TurnEngine(History history, TurnRunner runner) {
		this.history = history;
		this.runner = runner;
	}

	/**
	 * The signals of a turn, started on subscription; a history that cannot take the turn
	 * (busy, nothing to continue or regenerate) fails the {@code Flux}, not the call.
	 */
	Flux<TurnSignal> run(TurnStart start, Consumer<ChatCompletionRequest.Builder> options, boolean streaming) {
		return Flux.defer(() -> this.runner.run(start.begin(this.history), options, streaming));
	}

}
