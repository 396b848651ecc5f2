package dev.chatconversation.autoconfigure;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyOutbound;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Works around a lost request in Reactor Core's {@code concatWith} (issue 18): on Reactor
 * Netty, a streamed response ({@code text/event-stream}, streaming JSON) is written with
 * {@code writeAndFlushWith}, which Reactor Netty turns into
 * {@code concatMap(event -> event.concatWith(flushBoundary))}. When the body's events
 * come from another thread than the connection's event loop, as a conversation's pieces
 * do (they arrive on the model connection's event loop), a request from the connection's
 * loop can race the switch of that {@code concatWith} to its flush boundary and be lost:
 * the boundary is never requested, the response stops mid-reply and stays open until a
 * timeout. This filter moves a streamed body onto the connection's event loop before the
 * writer, so the whole write runs on one thread and the race cannot happen; each event is
 * still flushed on its own. Off with {@code chat.web.stream-on-connection-loop=false}.
 */
final class ConnectionLoopStreamingFilter implements WebFilter, Ordered {

	/** What the hop queues per response: the writer's own prefetch. */
	static final int PREFETCH = 32;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Executor loop = connectionLoop(exchange.getResponse());
		if (loop == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().response(new OnLoopResponse(exchange.getResponse(), loop)).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * The event loop of a Reactor Netty response's connection.
	 * @param response the response
	 * @return the loop, or {@code null} on another server
	 */
	static @Nullable Executor connectionLoop(ServerHttpResponse response) {
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		if (!(nativeResponse instanceof NettyOutbound outbound)) {
			return null;
		}
		Executor[] loop = new Executor[1];
		outbound.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
		return loop[0];
	}

	private static final class OnLoopResponse extends ServerHttpResponseDecorator {

		private final Executor loop;

		OnLoopResponse(ServerHttpResponse delegate, Executor loop) {
			super(delegate);
			this.loop = loop;
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return super.writeAndFlushWith(Flux.from(body).publishOn(Schedulers.fromExecutor(this.loop), PREFETCH));
		}

	}

}
