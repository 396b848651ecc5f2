package dev.chatconversation.samples.chatsse;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies larger than {@code chat-sse.limits.max-body-size} on every
 * endpoint, with a 413: at once when {@code Content-Length} says so, else (a chunked
 * body) as soon as the bytes read pass the limit, so that an endless body is never held
 * in memory. When the length is known, the connection is closed after the answer rather
 * than read to the end of the body; the rest of a chunked body is read and dropped, as
 * closing a connection with unread data resets it, and the client may lose the answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class BodySizeLimit implements WebFilter {

	private final long maxBytes;

	private final ProblemResponses problems;

	BodySizeLimit(ClientLimitsProperties limits, ProblemResponses problems) {
		this.maxBytes = limits.maxBodySize().toBytes();
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getHeaders().getContentLength() > this.maxBytes) {
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
			return this.problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, tooLarge(this.maxBytes),
					HttpHeaders.EMPTY);
		}
		return chain.filter(exchange.mutate().request(new LimitedBody(exchange, this.maxBytes)).build());
	}

	static String tooLarge(long maxBytes) {
		return "The request body is too large: the limit is " + maxBytes + " bytes.";
	}

	/**
	 * The request with a body that fails with a 413 once it passes the limit.
	 */
	private static final class LimitedBody extends ServerHttpRequestDecorator {

		private final long maxBytes;

		LimitedBody(ServerWebExchange exchange, long maxBytes) {
			super(exchange.getRequest());
			this.maxBytes = maxBytes;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> {
				AtomicLong read = new AtomicLong();
				return super.getBody().map((buffer) -> {
					if (read.addAndGet(buffer.readableByteCount()) > this.maxBytes) {
						DataBufferUtils.release(buffer);
						throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, tooLarge(this.maxBytes));
					}
					return buffer;
				});
			});
		}

	}

}
