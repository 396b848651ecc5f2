package dev.chatconversation.benchmarks;

import java.util.function.Supplier;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.StreamOptions;
import reactor.core.publisher.Mono;

/**
 * A new conversation per chat, as applications write it, in one of two ways: the
 * Python-style constructor {@code new ChatCompletionsConversation(key, url, model)} for
 * every chat, or one shared client with a conversation built on it for every chat. Both
 * stream with {@code sendAndStreamResponse} and call with {@code sendAndGetResponse}, so
 * their rows show what the constructor costs beside the shared client.
 */
final class ConversationContender implements Contender {

	private static final String MODEL = "gpt-4o-mini";

	private final String name;

	private final Supplier<ChatCompletionsConversation> conversations;

	private final AutoCloseable resources;

	private ConversationContender(String name, Supplier<ChatCompletionsConversation> conversations,
			AutoCloseable resources) {
		this.name = name;
		this.conversations = conversations;
		this.resources = resources;
	}

	/**
	 * {@code new ChatCompletionsConversation(key, url, model)} for every chat.
	 * @param baseUrl the server's URL
	 * @return the contender
	 */
	static ConversationContender perChat(String baseUrl) {
		return new ConversationContender("ours-per-chat",
				() -> new ChatCompletionsConversation("sk-bench", baseUrl + "/v1", MODEL), () -> {
				});
	}

	/**
	 * One client with a pool of its own, and a conversation built on it for every chat.
	 * @param baseUrl the server's URL
	 * @param maxConnections the pool size
	 * @return the contender
	 */
	static ConversationContender shared(String baseUrl, int maxConnections) {
		ChatCompletionsClient client = ChatCompletionsClient.builder()
			.baseUrl(baseUrl + "/v1")
			.apiKey("sk-bench")
			.maxConnections(maxConnections)
			.build();
		return new ConversationContender("ours-shared",
				() -> ChatCompletionsConversation.builder().client(client).model(MODEL).build(), client::close);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Mono<Long> stream(StreamSpec spec, StreamProbe probe) {
		return Mono.defer(() -> {
			long[] deltas = new long[1];
			return this.conversations.get()
				.sendAndStreamResponse(LibraryClient.PROMPT,
						(options) -> options.extraQuery(spec.query()).streamOptions(StreamOptions.withUsage()))
				.doOnNext((text) -> {
					deltas[0]++;
					// the role chunk carries no text: delta n arrived with chunk n + 1
					probe.chunk(deltas[0] + 1);
					if (deltas[0] == 1) {
						probe.firstDelta();
					}
				})
				.then(Mono.fromCallable(() -> check(spec, deltas[0])));
		});
	}

	private static long check(StreamSpec spec, long deltas) {
		if (deltas != spec.deltas()) {
			throw new IllegalStateException("Expected " + spec.deltas() + " deltas but got " + deltas);
		}
		return spec.chunks();
	}

	@Override
	public Mono<Integer> complete() {
		return Mono.defer(() -> this.conversations.get().sendAndGetResponse(LibraryClient.PROMPT).map(String::length));
	}

	@Override
	public void close() {
		try {
			this.resources.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
