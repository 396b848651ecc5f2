package dev.chatconversation.soak;

import java.time.Duration;

import dev.chatconversation.client.ApiConnectionException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.InternalServerException;
import dev.chatconversation.client.RateLimitException;
import dev.chatconversation.client.ResponseDecodingException;
import dev.chatconversation.client.StreamErrorException;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.testfixture.FakeChatServer;
import dev.chatconversation.testfixture.FakeChatServer.Reply;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What one soak turn meets on the wire, and how it must end: the typed failure (or none),
 * how many requests the server sees, and how much of the reply reaches the caller. The
 * history it must leave follows from that by the nothing-lost rules (see
 * {@link HistoryModel}).
 */
enum Scenario {

	/** A normal stream. */
	STREAM_OK(true, 1, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return SoakWire.complete(turn.id());
		}
	},

	/** 429 with {@code Retry-After}, then a normal stream. */
	STREAM_RATE_LIMITED_THEN_OK(true, 2, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return (attempt == 1) ? SoakWire.status(429) : SoakWire.complete(turn.id());
		}
	},

	/** 503 with {@code Retry-After}, then a normal stream. */
	STREAM_OVERLOADED_THEN_OK(true, 2, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return (attempt == 1) ? SoakWire.status(503) : SoakWire.complete(turn.id());
		}
	},

	/** 429 with {@code Retry-After} on every attempt: the retries run out. */
	STREAM_RATE_LIMITED(true, SoakWire.ATTEMPTS, RateLimitException.class, 0) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return SoakWire.status(429);
		}
	},

	/** A reset before the first byte, then a normal stream. */
	STREAM_RESET_THEN_OK(true, 2, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return (attempt == 1) ? FakeChatServer.reset() : SoakWire.complete(turn.id());
		}
	},

	/** A reset before the first byte on every attempt. */
	STREAM_RESET_BEFORE_FIRST_BYTE(true, SoakWire.ATTEMPTS, ApiConnectionException.class, 0) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.reset();
		}
	},

	/** Two pieces, then a reset once the caller has them: never retried. */
	STREAM_RESET_AFTER_FIRST_BYTE(true, 1, ApiConnectionException.class, 2) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer
				.streamThenReset(Flux.concat(SoakWire.pieces(turn.id(), 2), turn.received().then(Mono.empty())));
		}
	},

	/** Three pieces, then an error event, and the response left open. */
	STREAM_ERROR_EVENT(true, 1, StreamErrorException.class, 3) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer
				.stream(Flux.concat(SoakWire.pieces(turn.id(), 3), Flux.just(SoakWire.ERROR_EVENT), Flux.never()));
		}
	},

	/**
	 * Two pieces, then the body ends cleanly without a finish reason or {@code [DONE]}.
	 */
	STREAM_TRUNCATED(true, 1, StreamErrorException.class, 2) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.stream(SoakWire.pieces(turn.id(), 2));
		}
	},

	/**
	 * Two pieces, then the server closes the socket in the middle of the chunked body.
	 */
	STREAM_CLOSED_MID_BODY(true, 1, ApiConnectionException.class, 2) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.streamThenClose(SoakWire.pieces(turn.id(), 2));
		}
	},

	/** Two pieces, then only keep-alive comments: the client's idle limit ends it. */
	STREAM_IDLE_STALL(true, 1, ApiTimeoutException.class, 2) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer
				.stream(Flux.concat(SoakWire.pieces(turn.id(), 2), FakeChatServer.pings(Duration.ofMillis(50))));
		}
	},

	/** Two pieces, then a bare JSON error instead of events (as Albert does). */
	STREAM_TURNS_INTO_JSON(true, 1, StreamErrorException.class, 2) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.stream(Flux.concat(SoakWire.pieces(turn.id(), 2), Flux.just(SoakWire.BARE_ERROR)));
		}
	},

	/** An endless slow stream that the caller cancels after three pieces. */
	STREAM_CANCELLED_BY_CALLER(true, 1, null, 3) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.stream(SoakWire.slowPieces(turn.id(), Duration.ofMillis(10)));
		}
	},

	/**
	 * An endless slow stream that outlasts the turn's total timeout: the deadline cuts it
	 * at no fixed piece, and on a busy machine even before the request reaches the
	 * server.
	 */
	STREAM_PAST_DEADLINE(true, SoakWire.SOME, ApiTimeoutException.class, SoakWire.SOME) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return FakeChatServer.stream(SoakWire.slowPieces(turn.id(), Duration.ofMillis(50)));
		}
	},

	/** A normal non-streamed call. */
	CALL_OK(false, 1, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return SoakWire.completion(turn.id());
		}
	},

	/** A non-streamed call that gets 429 with {@code Retry-After} first. */
	CALL_RATE_LIMITED_THEN_OK(false, 2, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return (attempt == 1) ? SoakWire.status(429) : SoakWire.completion(turn.id());
		}
	},

	/** A non-streamed call that gets 503 with {@code Retry-After} on every attempt. */
	CALL_OVERLOADED(false, SoakWire.ATTEMPTS, InternalServerException.class, 0) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return SoakWire.status(503);
		}
	},

	/** A non-streamed call reset before the first byte, then answered. */
	CALL_RESET_THEN_OK(false, 2, null, SoakWire.PIECES) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			return (attempt == 1) ? FakeChatServer.reset() : SoakWire.completion(turn.id());
		}
	},

	/** A non-streamed call whose 200 body is cut in the middle of its JSON. */
	CALL_TRUNCATED_JSON(false, 1, ResponseDecodingException.class, 0) {
		@Override
		Reply reply(int attempt, ServerTurn turn) {
			String body = FakeChatServer.completion(SoakWire.text(turn.id(), SoakWire.PIECES));
			return FakeChatServer.json(200, body.substring(0, body.length() / 2));
		}
	};

	private final boolean streamed;

	private final int attempts;

	private final @Nullable Class<? extends RuntimeException> failure;

	private final int delivered;

	Scenario(boolean streamed, int attempts, @Nullable Class<? extends RuntimeException> failure, int delivered) {
		this.streamed = streamed;
		this.attempts = attempts;
		this.failure = failure;
		this.delivered = delivered;
	}

	/** The server's answer to attempt number {@code attempt} (from 1) of a turn. */
	abstract Reply reply(int attempt, ServerTurn turn);

	boolean streamed() {
		return this.streamed;
	}

	/**
	 * How many requests the server must see for the turn, or {@link SoakWire#SOME} for at
	 * most one.
	 */
	int attempts() {
		return this.attempts;
	}

	/** The typed failure the turn must end with, or {@code null} for none. */
	@Nullable Class<? extends RuntimeException> failure() {
		return this.failure;
	}

	/**
	 * How many pieces of the reply the caller must receive, or {@link SoakWire#SOME} for
	 * any number of its first pieces.
	 */
	int delivered() {
		return this.delivered;
	}

	/** Whether the caller cancels the turn after its pieces. */
	boolean cancelled() {
		return this == STREAM_CANCELLED_BY_CALLER;
	}

	/** The per-turn total timeout, or {@code null} for the client's (none). */
	@Nullable Duration deadline() {
		return (this == STREAM_PAST_DEADLINE) ? Duration.ofSeconds(1) : null;
	}

	/** The reason a partial reply left by this scenario is marked incomplete with. */
	String incompleteReason() {
		if (cancelled()) {
			return Incomplete.CANCELLED;
		}
		return (this.failure == ApiTimeoutException.class) ? Incomplete.TIMEOUT : Incomplete.ERROR;
	}

	/** The server's view of one turn. */
	interface ServerTurn {

		int id();

		/** Completes once the caller has received the pieces it must. */
		Mono<Void> received();

	}

}
