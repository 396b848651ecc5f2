package dev.chatconversation.client;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.provider.ProviderProfile;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The credential headers of one client, carried in each call's Reactor {@code Context}
 * and added to the HTTP request at the connection level, under {@code WebClient}: its
 * request logging (Spring Boot's {@code spring.codec.log-request-details}) and its
 * filters never see the key, and clients with different keys can share one
 * {@code WebClient} and connection pool, since the key travels with the request rather
 * than with the client. {@link #toString()} never shows the key.
 */
final class Credentials {

	private final String[] namesAndValues;

	private final Context context;

	private Credentials(String[] namesAndValues) {
		this.namesAndValues = namesAndValues;
		this.context = Context.of(Credentials.class, this);
	}

	/**
	 * The credentials the provider sends for a key.
	 * @param provider where the provider expects the key
	 * @param apiKey the key, or {@code null} for none
	 * @return the credentials, or {@code null} without a key
	 */
	static @Nullable Credentials of(ProviderProfile provider, @Nullable String apiKey) {
		if (apiKey == null) {
			return null;
		}
		// a plain map, not the case-insensitive default: built per client, read once
		HttpHeaders headers = new HttpHeaders(new LinkedMultiValueMap<>(2));
		provider.authenticate(headers, apiKey);
		List<String> pairs = new ArrayList<>();
		headers.forEach((name, values) -> values.forEach((value) -> {
			pairs.add(name);
			pairs.add(value);
		}));
		return new Credentials(pairs.toArray(String[]::new));
	}

	/**
	 * The context that carries these credentials to {@link #beforeSend}.
	 * @return the context
	 */
	ContextView context() {
		return this.context;
	}

	/**
	 * The {@code doOnRequest} hook of every client's {@code HttpClient}: adds the
	 * credentials of the call that sends the request, if any, and counts the attempt of
	 * an observed call.
	 * @param request the request about to be sent
	 * @param connection its connection
	 */
	static void beforeSend(HttpClientRequest request, Connection connection) {
		ContextView context = request.currentContextView();
		Credentials credentials = context.getOrDefault(Credentials.class, null);
		if (credentials != null) {
			String[] pairs = credentials.namesAndValues;
			for (int i = 0; i < pairs.length; i += 2) {
				request.header(pairs[i], pairs[i + 1]);
			}
		}
		ObservedChatCompletionsClient.attemptStarted(context);
	}

	@Override
	public String toString() {
		return "Credentials[******]";
	}

}
