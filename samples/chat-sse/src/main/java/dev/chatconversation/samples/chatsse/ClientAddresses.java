package dev.chatconversation.samples.chatsse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Names the client of a request, the key of its rate limit and stream count: its remote
 * address, or behind a trusted proxy the last address of {@code X-Forwarded-For}.
 *
 * <p>
 * Only the last address counts: a proxy appends the address it saw, and every address
 * before it was written by the client, who can put anything there. An IPv6 client is
 * named by its /64 network, which one host is usually given whole.
 */
final class ClientAddresses {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	/** Longer values are cut: a key is held in memory as long as its bucket. */
	private static final int MAX_LENGTH = 64;

	private final boolean behindProxy;

	ClientAddresses(boolean behindProxy) {
		this.behindProxy = behindProxy;
	}

	String of(ServerHttpRequest request) {
		if (this.behindProxy) {
			String forwarded = lastForwardedFor(request);
			if (forwarded != null) {
				return forwarded;
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		@Nullable InetAddress address = (remote != null) ? remote.getAddress() : null;
		return (address != null) ? key(address) : "unknown";
	}

	private static @Nullable String lastForwardedFor(ServerHttpRequest request) {
		List<String> values = request.getHeaders().get(FORWARDED_FOR);
		if (values == null || values.isEmpty()) {
			return null;
		}
		String last = values.get(values.size() - 1);
		String address = last.substring(last.lastIndexOf(',') + 1).trim();
		if (address.isEmpty()) {
			return null;
		}
		return (address.length() > MAX_LENGTH) ? address.substring(0, MAX_LENGTH) : address;
	}

	private static String key(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16) {
			return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
		}
		return address.getHostAddress();
	}

}
