package dev.chatconversation.autoconfigure;

import java.util.concurrent.Executor;

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
		Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
		if (!(nativeResponse instanceof NettyOutbound outbound)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().response(new OnLoopResponse(exchange.getResponse(), outbound)).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static final class OnLoopResponse extends ServerHttpResponseDecorator {

		private final NettyOutbound outbound;

		OnLoopResponse(ServerHttpResponse delegate, NettyOutbound outbound) {
			super(delegate);
			this.outbound = outbound;
		}

		/** Only streamed bodies pay for the hop, and only they look up the loop. */
		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			Executor[] loop = new Executor[1];
			this.outbound.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
			if (loop[0] == null) {
				return super.writeAndFlushWith(body);
			}
			return super.writeAndFlushWith(Flux.from(body).publishOn(Schedulers.fromExecutor(loop[0]), PREFETCH));
		}

	}

}
