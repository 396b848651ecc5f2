package dev.chatconversation;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the turns of one conversation on its history: each subscription starts a
 * {@link Turn} (which claims the history, so turns never overlap) and lets the
 * {@link TurnRunner} send its rounds.
 *
 * <p>
 * A conversation kept in a store starts each turn through its {@link StoreJournal}, on
 * the bounded elastic scheduler (the store blocks): the lease is acquired and the user's
 * message written before the request is sent, and the turn completes only once what it
 * added is written.
 */
final class TurnEngine {

	private final History history;

	private final TurnRunner runner;

	private final @Nullable StoreJournal journal;

	TurnEngine(History history, TurnRunner runner, @Nullable StoreJournal journal) {
		this.history = history;
		this.runner = runner;
		this.journal = journal;
		if (journal != null) {
			history.journal(journal);
		}
	}

	/**
	 * The signals of a turn, started on subscription; a history that cannot take the turn
	 * (busy, nothing to continue or regenerate) fails the {@code Flux}, not the call.
	 */
	Flux<TurnSignal> run(TurnStart start, Consumer<ChatCompletionRequest.Builder> options, boolean streaming) {
		StoreJournal stored = this.journal;
		if (stored == null) {
			return Flux.defer(() -> this.runner.run(start.begin(this.history), options, streaming));
		}
		return Flux.defer(() -> runStored(stored, start, options, streaming));
	}

	private Flux<TurnSignal> runStored(StoreJournal stored, TurnStart start,
			Consumer<ChatCompletionRequest.Builder> options, boolean streaming) {
		AtomicReference<@Nullable Turn> begun = new AtomicReference<>();
		AtomicBoolean cancelled = new AtomicBoolean();
		Mono<Turn> begin = stored.idle().then(Mono.fromCallable(() -> {
			Turn turn = stored.begin(start, this.history);
			begun.set(turn);
			if (cancelled.get()) {
				turn.cancel();
			}
			return turn;
		}).subscribeOn(Schedulers.boundedElastic())).doOnCancel(() -> {
			// a cancel while the turn starts must still end it, or it would hold the
			// lease
			cancelled.set(true);
			Turn turn = begun.get();
			if (turn != null) {
				turn.cancel();
			}
		});
		return begin.flatMapMany((turn) -> this.runner.run(turn, options, streaming)
			.onErrorResume((failure) -> stored.settled().onErrorResume((storeFailure) -> {
				failure.addSuppressed(storeFailure);
				return Mono.empty();
			}).then(Mono.error(failure)))
			.concatWith(stored.settled().then(Mono.empty())));
	}

	/** The store journal of a conversation kept in a store, or {@code null}. */
	@Nullable StoreJournal journal() {
		return this.journal;
	}

}
