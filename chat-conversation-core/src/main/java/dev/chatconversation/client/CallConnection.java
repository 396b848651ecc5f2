package dev.chatconversation.client;

import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The connection of a call's current attempt, which the {@code HttpClient} hook finds in
 * the call's Reactor context.
 *
 * <p>
 * A cancelled call closes it. {@code WebClient} does not when the cancel lands between
 * the response headers and the first read of the body: it reads the rest of the body
 * instead, so the connection stays open (and the server goes on writing a reply nobody
 * reads) until the body ends, and buffers queued for a body nobody subscribed to can stay
 * unreleased.
 *
 * <p>
 * A request sent on a pooled connection that the server had closed while it was idle
 * fails with "Connection prematurely closed BEFORE response": the server never read it.
 * Such a failure is retried once at once, without spending the retry budget.
 */
final class CallConnection {

	private static final AttributeKey<Boolean> SERVED = AttributeKey.valueOf("chat-completions.served");

	private static final String BEFORE_RESPONSE = "Connection prematurely closed BEFORE response";

	private volatile @Nullable Sent sent;

	private volatile boolean reused;

	// read and written by one failure at a time: attempts run one after another
	private boolean freeRetryTaken;

	/** Adds the hook that tells each call which connection its attempt uses. */
	static HttpClient observe(HttpClient http) {
		return http.doOnRequest((request, connection) -> requestSent(request, connection));
	}

	private static void requestSent(HttpClientRequest request, Connection connection) {
		CallConnection call = request.currentContextView().getOrDefault(CallConnection.class, null);
		if (call != null) {
			Channel channel = connection.channel();
			call.reused = channel.attr(SERVED).getAndSet(Boolean.TRUE) != null;
			call.sent = new Sent(connection, channel);
		}
	}

	/** Runs {@code call} with this object in its context. */
	<T> Flux<T> around(Flux<T> call) {
		return call.contextWrite((context) -> context.put(CallConnection.class, this));
	}

	/**
	 * Makes a cancel of {@code attempt} (by the caller or a timeout) close its
	 * connection, once the cancel has reached the body: a body still read would otherwise
	 * be completed by the close and could fail the attempt before its cancel.
	 */
	<T> Flux<T> closingOnCancel(Flux<T> attempt) {
		return attempt.doFinally((signal) -> {
			if (signal == SignalType.CANCEL) {
				cancelled();
			}
		});
	}

	/**
	 * Closes the attempt's connection, on its event loop, unless its exchange has ended
	 * (the connection may then already serve another call).
	 */
	private void cancelled() {
		Sent sent = this.sent;
		if (sent == null) {
			return;
		}
		this.sent = null;
		Connection connection = sent.connection();
		// the channel kept from the request, not connection.channel(): once the exchange
		// has ended, Reactor Netty detaches the connection from its channel, and its
		// channel() is then a stand-in never registered to any event loop. Nor is a
		// channel closed meanwhile skipped: the exchange may have ended, and left the end
		// of its body queued, before the close
		Channel channel = sent.channel();
		try {
			channel.eventLoop().execute(() -> {
				if (ChannelOperations.get(channel) == connection) {
					// drops what the body holds and closes the channel
					connection.dispose();
				}
				else {
					// the exchange has ended and its connection is back in the pool, but
					// the end of its body may still wait in the exchange's own queue
					// for a reader that, cancelled, never comes: reading it releases it
					// (a body that already has its reader refuses this second one)
					connection.inbound().receiveObject().subscribe(null, (alreadyRead) -> {
					});
				}
			});
		}
		catch (IllegalStateException | RejectedExecutionException ex) {
			// the loops are shut down: closed already
		}
	}

	/**
	 * Whether a failed attempt is retried at once and for free: it failed before any
	 * response byte on a connection that had served an earlier request, and no such retry
	 * was made for this call yet.
	 */
	boolean retryAtOnce(Throwable failure) {
		if (this.freeRetryTaken || !this.reused) {
			return false;
		}
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		if (cause instanceof PrematureCloseException
				&& String.valueOf(cause.getMessage()).startsWith(BEFORE_RESPONSE)) {
			this.freeRetryTaken = true;
			return true;
		}
		return false;
	}

	/** Whether the call made its free retry. */
	boolean freeRetryTaken() {
		return this.freeRetryTaken;
	}

	/**
	 * The connection of an attempt's exchange, and its channel as the request found it.
	 */
	private record Sent(Connection connection, Channel channel) {
	}

}
