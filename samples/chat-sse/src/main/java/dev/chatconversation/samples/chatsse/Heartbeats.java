package dev.chatconversation.samples.chatsse;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Adds SSE comments to a stream while it is silent, so that proxies and browsers that
 * close idle connections keep it open while a model thinks or a tool runs.
 */
final class Heartbeats {

	private Heartbeats() {
	}

	/**
	 * The events, with a heartbeat comment after each {@code interval} without one. The
	 * timer restarts at every event and stops when the events end; cancelling cancels
	 * both. The timer runs on Reactor's parallel scheduler (virtual time in tests).
	 * @param events the events
	 * @param interval the longest silence, zero or negative for no heartbeats
	 * @return the events and heartbeats
	 */
	static Flux<ServerSentEvent<Object>> between(Flux<ServerSentEvent<Object>> events, Duration interval) {
		if (interval.isZero() || interval.isNegative()) {
			return events;
		}
		return events.publish((shared) -> {
			Flux<ServerSentEvent<Object>> silences = shared.startWith(ReplyEvents.heartbeat())
				.switchMap((event) -> Flux.interval(interval, interval).map((tick) -> ReplyEvents.heartbeat()));
			return Flux.merge(shared, silences.takeUntilOther(shared.ignoreElements().then(Mono.just(true))));
		});
	}

}
