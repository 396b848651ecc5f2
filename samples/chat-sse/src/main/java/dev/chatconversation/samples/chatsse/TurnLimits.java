package dev.chatconversation.samples.chatsse;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Limits the requests that start a turn (send, regenerate, edit), per client as
 * {@link ClientAddresses} names it: a rate limit ({@link TurnRateLimit}, 429 with
 * {@code Retry-After}), then caps on the reply streams open at once
 * ({@link StreamPermits}: 429 past the client's share, 503 when the server is full).
 * Every such request counts, refused ones too, so that a client cannot probe without
 * limit. A stream's permit is released when its response ends, completed, failed or
 * cancelled by a client that went away.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
final class TurnLimits implements WebFilter {

	private static final List<PathPattern> POSTS = List.of(
			PathPatternParser.defaultInstance.parse("/api/conversations/{id}/messages"),
			PathPatternParser.defaultInstance.parse("/api/conversations/{id}/regenerate"));

	private static final PathPattern PUT = PathPatternParser.defaultInstance
		.parse("/api/conversations/{id}/messages/last");

	private final ClientAddresses clients;

	private final TurnRateLimit rate;

	private final StreamPermits streams;

	private final ProblemResponses problems;

	TurnLimits(ClientLimitsProperties limits, ProblemResponses problems) {
		this.clients = new ClientAddresses(limits.behindProxy());
		this.rate = new TurnRateLimit(limits.turnBurst(), limits.turnsPerMinute(), System::nanoTime);
		this.streams = new StreamPermits(limits.maxStreams(), limits.maxStreamsPerClient());
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!startsTurn(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		return Mono.defer(() -> limited(exchange, chain, this.clients.of(exchange.getRequest())));
	}

	private Mono<Void> limited(ServerWebExchange exchange, WebFilterChain chain, String client) {
		Duration wait = this.rate.tryTake(client);
		if (!wait.isZero()) {
			return this.problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
					"Too many messages: wait " + seconds(wait) + " s before sending the next one.",
					retryAfter(seconds(wait)));
		}
		HttpStatus refused = this.streams.tryAcquire(client);
		if (refused == HttpStatus.TOO_MANY_REQUESTS) {
			return this.problems.write(exchange, refused, "You have too many replies being written at once: "
					+ "wait for one to finish, or stop it, then send again.", retryAfter(1));
		}
		if (refused != null) {
			return this.problems.write(exchange, refused,
					"The server is writing too many replies at once: try again in a moment.", retryAfter(1));
		}
		return Mono.defer(() -> chain.filter(exchange)).doFinally((signal) -> this.streams.release(client));
	}

	private static boolean startsTurn(ServerHttpRequest request) {
		PathContainer path = request.getPath().pathWithinApplication();
		if (HttpMethod.POST.equals(request.getMethod())) {
			return POSTS.stream().anyMatch((pattern) -> pattern.matches(path));
		}
		return HttpMethod.PUT.equals(request.getMethod()) && PUT.matches(path);
	}

	private static long seconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

	private static HttpHeaders retryAfter(long seconds) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return headers;
	}

	StreamPermits streams() {
		return this.streams;
	}

}
