package dev.chatconversation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A conversation with a Chat Completions model: it keeps the message history, sends or
 * streams the next turn, saves and loads the history as the JSON message list the API
 * takes, and exports a readable transcript.
 *
 * <p>
 * The class mirrors Python's {@code chat-completions-conversation} with Java names. It is
 * safe to use from several threads; {@link #messages()} returns consistent snapshots.
 *
 * <p>
 * Turns ({@code sendAndGetResponse}, {@code sendAndStreamResponse},
 * {@link #regenerate()}) are cold: nothing is sent until subscription. A conversation
 * runs one turn at a time; a second turn started while one runs fails at once with
 * {@link ConversationBusyException}. Nothing is lost: when a turn fails or is cancelled
 * before any reply content arrived, the history is exactly as before and the
 * {@link TurnFailedException} carries the user's message; after content arrived, the
 * history keeps the user's message and the partial reply, marked
 * {@link dev.chatconversation.message.Incomplete incomplete}.
 */
public final class ChatCompletionsConversation {

	private final @Nullable ChatCompletionsClient client;

	private final ChatCompletionRequest requestDefaults;

	private final History history;

	/**
	 * Creates a conversation for the given endpoint and model, the way the Python library
	 * is constructed.
	 * @param apiKey the API key, or {@code null} for servers that need none (Ollama,
	 * vLLM)
	 * @param baseUrl the base URL with its version path, such as
	 * {@code https://api.openai.com/v1}
	 * @param model the model to use
	 */
	public ChatCompletionsConversation(@Nullable String apiKey, String baseUrl, String model) {
		this(builder().apiKey(apiKey).baseUrl(baseUrl).model(model));
	}

	private ChatCompletionsConversation(Builder builder) {
		this.client = builder.client();
		ChatCompletionRequest.Builder defaults = builder.requestDefaults.mutate();
		if (builder.model != null) {
			defaults.model(builder.model);
		}
		this.requestDefaults = defaults.messages(List.of()).build();
		this.history = new History(builder.initialMessages());
	}

	/**
	 * A builder for a conversation.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The model this conversation talks to.
	 * @return the model name, or {@code null} if none was set
	 */
	public @Nullable String model() {
		return this.requestDefaults.model();
	}

	/**
	 * Whether a turn is running; another turn started now would fail with
	 * {@link ConversationBusyException}.
	 * @return {@code true} while a turn runs
	 */
	public boolean isTurnRunning() {
		return this.history.turnRunning();
	}

	/**
	 * The request options every turn starts from (model, temperature, ...), without
	 * messages.
	 * @return the default request
	 */
	public ChatCompletionRequest requestDefaults() {
		return this.requestDefaults;
	}

	/**
	 * Sends a user message and returns the reply text, without streaming, as the Python
	 * library's {@code send_and_get_response}.
	 * @param text the user message
	 * @return the reply text; the reply is in the history when the {@code Mono} completes
	 */
	public Mono<String> sendAndGetResponse(String text) {
		return sendAndGetCompletion(Message.user(text), (options) -> {
		}).map(ChatCompletion::text);
	}

	/**
	 * Sends a user message made of parts and returns the reply text, without streaming.
	 * @param parts the parts of the user message
	 * @return the reply text
	 */
	public Mono<String> sendAndGetResponse(List<? extends ContentPart> parts) {
		return sendAndGetCompletion(userMessage(parts), (options) -> {
		}).map(ChatCompletion::text);
	}

	/**
	 * Sends a message without streaming and returns the whole response, for callers that
	 * need usage, finish reason, tool calls or reasoning.
	 * @param message the message to send, usually a user message
	 * @param options changes to the default request options for this turn only
	 * @return the completion; its first choice's message is now the last message of the
	 * history
	 */
	public Mono<ChatCompletion> sendAndGetCompletion(Message message, Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(message, "message");
		return Mono.defer(() -> {
			Turn turn = Turn.send(this.history, message);
			return call(turn, options).flatMap(turn::complete).onErrorMap(turn::fail).doOnCancel(turn::cancel);
		});
	}

	/**
	 * Sends a user message and streams the reply text as it arrives, as the Python
	 * library's {@code send_and_stream_response}.
	 *
	 * <p>
	 * The request is sent on subscription. Each element is a piece of the reply text
	 * (empty pieces are skipped). When the {@code Flux} completes, the reply is in the
	 * history; it fails with a {@link TurnFailedException}; cancelling closes the
	 * connection and keeps any partial reply, marked cancelled.
	 * @param text the user message
	 * @return the pieces of the reply text
	 */
	public Flux<String> sendAndStreamResponse(String text) {
		return texts(sendAndStreamChunks(Message.user(text), (options) -> {
		}));
	}

	/**
	 * Sends a user message made of parts and streams the reply text.
	 * @param parts the parts of the user message
	 * @return the pieces of the reply text
	 */
	public Flux<String> sendAndStreamResponse(List<? extends ContentPart> parts) {
		return texts(sendAndStreamChunks(userMessage(parts), (options) -> {
		}));
	}

	/**
	 * Sends a user message with per-turn options and streams the reply text.
	 * @param text the user message
	 * @param options changes to the default request options for this turn only
	 * @return the pieces of the reply text
	 */
	public Flux<String> sendAndStreamResponse(String text, Consumer<ChatCompletionRequest.Builder> options) {
		return texts(sendAndStreamChunks(Message.user(text), options));
	}

	/**
	 * Sends a message and streams the raw chunks, for callers that need usage, finish
	 * reasons, tool calls or reasoning as they arrive.
	 * @param message the message to send, usually a user message
	 * @param options changes to the default request options for this turn only
	 * @return the chunks; the assembled reply is in the history when the {@code Flux}
	 * completes
	 */
	public Flux<ChatCompletionChunk> sendAndStreamChunks(Message message,
			Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(message, "message");
		return Flux.defer(() -> stream(Turn.send(this.history, message), options));
	}

	/**
	 * Replaces the last reply with a new one, streaming its text: the last user message
	 * is answered again. The history changes only when the new reply is complete; if the
	 * turn fails or is cancelled, the previous reply stays.
	 * @return the pieces of the new reply text
	 * @throws IllegalStateException (in the {@code Flux}) if there is no user message
	 */
	public Flux<String> regenerate() {
		return texts(Flux.defer(() -> stream(Turn.regenerate(this.history), (options) -> {
		})));
	}

	private Flux<ChatCompletionChunk> stream(Turn turn, Consumer<ChatCompletionRequest.Builder> options) {
		ChatCompletionRequest request;
		try {
			request = request(turn, options);
		}
		catch (RuntimeException ex) {
			turn.fail(ex);
			throw ex;
		}
		return requireClient().stream(request)
			.doOnNext(turn::add)
			.concatWith(turn.completeStream().then(Mono.empty()))
			.onErrorMap(turn::fail)
			.doOnCancel(turn::cancel);
	}

	private Mono<ChatCompletion> call(Turn turn, Consumer<ChatCompletionRequest.Builder> options) {
		ChatCompletionRequest request;
		try {
			request = request(turn, options);
		}
		catch (RuntimeException ex) {
			turn.fail(ex);
			throw ex;
		}
		return requireClient().create(request);
	}

	private ChatCompletionRequest request(Turn turn, Consumer<ChatCompletionRequest.Builder> options) {
		requireClient();
		ChatCompletionRequest.Builder request = this.requestDefaults.mutate();
		options.accept(request);
		return request.messages(turn.requestMessages()).build();
	}

	private ChatCompletionsClient requireClient() {
		if (this.client == null) {
			throw new IllegalStateException(
					"This conversation has no client: build it with a base URL (and API key) or a ChatCompletionsClient");
		}
		return this.client;
	}

	private static Flux<String> texts(Flux<ChatCompletionChunk> chunks) {
		return chunks.map(ChatCompletionChunk::text).filter((text) -> !text.isEmpty());
	}

	private static Message userMessage(List<? extends ContentPart> parts) {
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("A user message needs at least one content part");
		}
		return Message.user(List.copyOf(parts));
	}

	/**
	 * A snapshot of the history, in order. Later changes to the conversation do not show
	 * in the returned list, which cannot be modified.
	 * @return the messages
	 */
	public List<Message> messages() {
		return this.history.snapshot();
	}

	/**
	 * Appends a system message.
	 * @param text the instructions
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendSystemMessage(String text) {
		appendMessage(Message.system(text));
	}

	/**
	 * Appends a developer message (the instructions role of newer OpenAI models).
	 * @param text the instructions
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendDeveloperMessage(String text) {
		appendMessage(Message.developer(text));
	}

	/**
	 * Appends a user message with plain text.
	 * @param text the text
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendUserMessage(String text) {
		appendMessage(Message.user(text));
	}

	/**
	 * Appends one user message made of parts; see {@link ContentPart#imageUrl(String)},
	 * {@link ContentPart#imageFile(Path)} and {@link ContentPart#audioFile(Path)}.
	 * @param parts the parts, at least one
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendUserMessage(List<? extends ContentPart> parts) {
		appendMessage(userMessage(parts));
	}

	/**
	 * Appends an assistant message, for instance to seed an example exchange.
	 * @param text the reply
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendAssistantMessage(String text) {
		appendMessage(Message.assistant(text));
	}

	/**
	 * Appends any message.
	 * @param message the message
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendMessage(Message message) {
		this.history.append(Objects.requireNonNull(message, "message"));
	}

	/**
	 * Removes every message.
	 * @throws ConversationBusyException if a turn is running
	 */
	public void clear() {
		this.history.clear();
	}

	/**
	 * Replaces the history with the message list in a JSON file (the array the API's
	 * {@code messages} field takes). On any error the history is unchanged.
	 * @param file the file, UTF-8
	 * @throws InvalidConversationException if the file is not a valid message list (the
	 * message names the file, the message index and the JSON path)
	 * @throws java.io.UncheckedIOException if the file cannot be read (the message names
	 * the path)
	 * @throws ConversationBusyException if a turn is running
	 */
	public void loadFromJsonFile(Path file) {
		byte[] json = ConversationFiles.read(file);
		this.history.replaceAll(MessageJson.readList(json, file.toAbsolutePath().toString()));
	}

	/**
	 * Replaces the history with a JSON message list. On any error the history is
	 * unchanged.
	 * @param json the JSON array of messages
	 * @throws InvalidConversationException if the text is not a valid message list
	 * @throws ConversationBusyException if a turn is running
	 */
	public void loadFromJson(String json) {
		this.history.replaceAll(MessageJson.readList(json, null));
	}

	/**
	 * Saves the history as an indented JSON message list. The file is replaced
	 * atomically: the JSON goes to a temporary file in the same folder, which then takes
	 * the file's place, so a failure never leaves a damaged file.
	 * @param file the file to write
	 * @throws java.io.UncheckedIOException if the file cannot be written (the message
	 * names the path); an existing file is then left as it was
	 */
	public void saveToJsonFile(Path file) {
		ConversationFiles.writeAtomically(file, toJson());
	}

	/**
	 * The history as an indented JSON message list, with every field kept.
	 * @return the JSON text
	 */
	public String toJson() {
		return MessageJson.writeList(this.history.snapshot(), true);
	}

	/**
	 * A readable transcript in the Python library's layout ({@code User [1]:},
	 * {@code Assistant [1]:}, images as {@code <img src='...' />}), extended with system,
	 * developer, tool and audio blocks.
	 * @return the transcript
	 */
	public String exportToText() {
		return TranscriptExport.toText(this.history.snapshot());
	}

	/**
	 * A Markdown transcript, for chat logs pasted into documents.
	 * @return the transcript
	 */
	public String exportToMarkdown() {
		return TranscriptExport.toMarkdown(this.history.snapshot());
	}

	/**
	 * Replaces the text of the last assistant reply, as the Python library's
	 * {@code correct_last_response} does; its refusal, finish reason and incomplete mark
	 * are cleared, its tool calls kept.
	 * @param text the corrected reply
	 * @throws IllegalStateException if the history does not end with an assistant reply
	 * @throws ConversationBusyException if a turn is running
	 */
	public void correctLastResponse(String text) {
		Objects.requireNonNull(text, "text");
		this.history.replaceLastReply((reply) -> reply.mutate()
			.content(Content.of(text))
			.refusal(null)
			.finishReason(null)
			.incomplete(null)
			.build());
	}

	/**
	 * Removes the last user message and everything after it (the reply, tool calls and
	 * tool results), so the turn can be edited and sent again.
	 * @return the removed messages, empty if there was no user message
	 * @throws ConversationBusyException if a turn is running
	 */
	public List<Message> removeLastTurn() {
		return this.history.removeLastTurn();
	}

	/**
	 * An independent copy of this conversation, to branch it: the same client and request
	 * defaults, a copy of the history (without the messages of a turn still running).
	 * @return the copy
	 */
	public ChatCompletionsConversation fork() {
		Builder builder = new Builder();
		builder.client = this.client;
		builder.requestDefaults = this.requestDefaults;
		return builder.messages(this.history.settledSnapshot()).build();
	}

	/**
	 * Builds {@link ChatCompletionsConversation} instances.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private @Nullable String baseUrl;

		private @Nullable String model;

		private @Nullable ChatCompletionsClient client;

		private ChatCompletionRequest requestDefaults = ChatCompletionRequest.builder().build();

		private @Nullable String systemPrompt;

		private final List<Message> messages = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Uses a client built elsewhere (for instance by the Spring Boot starter),
		 * instead of building one from the API key and base URL.
		 * @param client the client
		 * @return this builder
		 */
		public Builder client(ChatCompletionsClient client) {
			this.client = client;
			return this;
		}

		/**
		 * Sets the request options every turn starts from (temperature, max tokens, stop,
		 * ...); a turn may still override them.
		 * @param defaults changes applied to the default request
		 * @return this builder
		 */
		public Builder requestDefaults(Consumer<ChatCompletionRequest.Builder> defaults) {
			ChatCompletionRequest.Builder request = this.requestDefaults.mutate();
			defaults.accept(request);
			this.requestDefaults = request.build();
			return this;
		}

		/**
		 * Sets the request every turn starts from, replacing earlier defaults.
		 * @param defaults the default request; its messages are ignored
		 * @return this builder
		 */
		public Builder requestDefaults(ChatCompletionRequest defaults) {
			this.requestDefaults = defaults;
			return this;
		}

		private @Nullable ChatCompletionsClient client() {
			if (this.client != null) {
				return this.client;
			}
			if (this.baseUrl == null) {
				return null;
			}
			return ChatCompletionsClient.builder().baseUrl(this.baseUrl).apiKey(this.apiKey).build();
		}

		/**
		 * Sets the API key sent as a bearer token.
		 * @param apiKey the key, or {@code null} for servers that need none
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * Sets the base URL, with its version path (for example
		 * {@code https://api.openai.com/v1}).
		 * @param baseUrl the base URL
		 * @return this builder
		 */
		public Builder baseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Sets the model to use.
		 * @param model the model name
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Starts the conversation with a system message, placed before any other initial
		 * message. Calling it again replaces the prompt (so a per-conversation prompt can
		 * replace a configured default); {@code null} removes it.
		 * @param text the instructions, or {@code null} for none
		 * @return this builder
		 */
		public Builder systemPrompt(@Nullable String text) {
			this.systemPrompt = text;
			return this;
		}

		/**
		 * Adds initial messages, after the system prompt and any messages added before.
		 * @param messages the messages
		 * @return this builder
		 */
		public Builder messages(List<? extends Message> messages) {
			this.messages.addAll(messages);
			return this;
		}

		private List<Message> initialMessages() {
			if (this.systemPrompt == null) {
				return this.messages;
			}
			List<Message> initial = new ArrayList<>(this.messages.size() + 1);
			initial.add(Message.system(this.systemPrompt));
			initial.addAll(this.messages);
			return initial;
		}

		/**
		 * Builds the conversation.
		 * @return the conversation
		 */
		public ChatCompletionsConversation build() {
			return new ChatCompletionsConversation(this);
		}

	}

}
