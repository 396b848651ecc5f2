package dev.chatconversation.samples.chatsse;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives each browser an anonymous client id, in an HttpOnly, SameSite=Lax cookie set on
 * its first visit: the owner of the chats it creates, whose list it sees. The app has no
 * login; the id only keeps one browser's list apart from another's (a chat itself is
 * reached by its unguessable id).
 */
@Component
class ClientCookie implements WebFilter {

	static final String NAME = "chat_client";

	private static final String ATTRIBUTE = ClientCookie.class.getName() + ".id";

	// browsers cap cookie lifetimes at 400 days
	private static final Duration LIFETIME = Duration.ofDays(400);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
		String id = (cookie != null && isId(cookie.getValue())) ? cookie.getValue() : null;
		if (id == null) {
			id = ChatSessions.newId();
			exchange.getResponse()
				.addCookie(ResponseCookie.from(NAME, id)
					.httpOnly(true)
					.sameSite("Lax")
					.secure(exchange.getRequest().getSslInfo() != null)
					.path("/")
					.maxAge(LIFETIME)
					.build());
		}
		exchange.getAttributes().put(ATTRIBUTE, id);
		return chain.filter(exchange);
	}

	/**
	 * The client id of a request.
	 * @param exchange the request
	 * @return its id, from its cookie or new
	 */
	static String of(ServerWebExchange exchange) {
		@Nullable String id = exchange.getAttribute(ATTRIBUTE);
		if (id == null) {
			throw new IllegalStateException("The ClientCookie filter did not run");
		}
		return id;
	}

	private static boolean isId(String value) {
		return value.matches("[A-Za-z0-9_-]{22}");
	}

}
