package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * The second fake Chat Completions server: plain Netty, no Reactor Netty HTTP layer,
 * writing the same pre-encoded events as {@link FakeChatServer} with chunked transfer
 * encoding, one HTTP chunk per server-sent event. Streams sent at once are written as
 * fast as the socket takes them; paced streams are timed on the connection's event loop
 * and held at a gate like {@link FakeChatServer}'s.
 *
 * <p>
 * Run as its own process ({@link #main}); it prints its port and stops when its standard
 * input closes.
 */
public final class NettyChatServer implements AutoCloseable {

	private final ServerEvents events = new ServerEvents();

	private final ByteBuf completion = ServerEvents.shared(SampleCompletion.json());

	private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());

	private final Channel channel;

	NettyChatServer() throws InterruptedException {
		this.channel = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Exchange());
				}
			})
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		try (NettyChatServer server = new NettyChatServer()) {
			System.out.println(FakeChatServer.PORT_LINE + server.port());
			System.out.flush();
			InputStream in = System.in;
			while (in.read() != -1) {
				// runs until the parent process closes our standard input or dies
			}
		}
		System.exit(0);
	}

	int port() {
		return ((InetSocketAddress) this.channel.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
		this.group.shutdownGracefully().syncUninterruptibly();
	}

	private CompletableFuture<Void> gate(String name) {
		return this.gates.computeIfAbsent(name, (key) -> new CompletableFuture<>());
	}

	/**
	 * The requests of one connection, one at a time, as HTTP/1.1 keep-alive sends them.
	 */
	private final class Exchange extends SimpleChannelInboundHandler<FullHttpRequest> {

		private @Nullable EventWriter writer;

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
			QueryStringDecoder uri = new QueryStringDecoder(request.uri());
			if (request.method().equals(HttpMethod.GET) && uri.path().equals("/control/release")) {
				String name = uri.parameters().getOrDefault("gate", List.of("")).get(0);
				gate(name).complete(null);
				context.writeAndFlush(
						full(Unpooled.copiedBuffer("released " + name, StandardCharsets.UTF_8), "text/plain"));
			}
			else if (!uri.path().equals("/v1/chat/completions")) {
				context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
						Unpooled.EMPTY_BUFFER));
			}
			else if (request.headers().get(HttpHeaderNames.ACCEPT, "").contains("text/event-stream")) {
				HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
				head.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
					.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
					.set("x-request-id", "req_bench")
					.set("openai-processing-ms", "1");
				context.write(head);
				StreamSpec spec = StreamSpec.fromQuery(uri.parameters());
				this.writer = new EventWriter(context, NettyChatServer.this.events, spec, NettyChatServer.this::gate);
				this.writer.start();
			}
			else {
				context.writeAndFlush(full(NettyChatServer.this.completion.duplicate(), "application/json"));
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext context) {
			EventWriter current = this.writer;
			if (current != null && context.channel().isWritable()) {
				current.resume();
			}
			context.fireChannelWritabilityChanged();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

		private static FullHttpResponse full(ByteBuf body, String contentType) {
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, contentType)
				.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
				.set("x-request-id", "req_bench")
				.set("openai-processing-ms", "1");
			return response;
		}

	}

}
