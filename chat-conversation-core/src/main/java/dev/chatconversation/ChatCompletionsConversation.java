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
import dev.chatconversation.observation.ConversationObservationConvention;
import dev.chatconversation.observation.DefaultConversationObservationConvention;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.OutputMode;
import dev.chatconversation.structured.StructuredEvent;
import dev.chatconversation.structured.StructuredOutput;
import dev.chatconversation.structured.StructuredOutputException;
import dev.chatconversation.tool.ChatTool;
import dev.chatconversation.tool.ToolExecution;
import dev.chatconversation.tool.ToolSet;
import io.micrometer.observation.ObservationRegistry;
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
 *
 * <p>
 * <b>Tools.</b> With {@link Builder#tools(ChatTool...) tools}, every request offers them
 * and, by default ({@link ToolExecution#AUTO}), a turn runs the tool loop: when the model
 * asks for tool calls, the conversation runs them (parallel calls at once, on Reactor's
 * bounded elastic scheduler), sends one {@code tool} message per call with its
 * {@code tool_call_id}, and asks again, until the model answers without calling a tool or
 * {@link Builder#maxToolRounds(int) the maximum number of rounds} is reached
 * ({@link ToolRoundsExceededException}). A tool that throws sends its error text to the
 * model and the loop goes on; arguments that do not match a tool's parameters fail the
 * turn ({@link dev.chatconversation.tool.ToolArgumentsException}) and no tool of that
 * round runs; a call to a tool the conversation does not have is answered with an error
 * the model can read. Each round's reply and results are appended as the round completes;
 * a failure or cancellation keeps the completed rounds, applies the rules above to the
 * round that failed, and answers any call that was not run with the reason, so a tool
 * call is never left without its result. Streamed turns emit the text of every round;
 * {@link #sendAndStreamEvents(String)} also reports the calls and results. With
 * {@link ToolExecution#MANUAL} the turn ends after the model's tool calls: append one
 * {@link dev.chatconversation.message.ToolMessage} per call (see
 * {@link ChatTool#call(dev.chatconversation.message.ToolCall)}), then call
 * {@link #continueTurn()} or {@link #continueAndStreamEvents()}.
 *
 * <p>
 * <b>Structured outputs.</b> {@link #sendForObject(String, Class)} asks for JSON
 * following the strict schema of a Java type and reads the reply into it;
 * {@link #streamForObject(String, Class)} streams the JSON text and ends with the value.
 */
public final class ChatCompletionsConversation {

	private final @Nullable ChatCompletionsClient client;

	private final ChatCompletionRequest requestDefaults;

	private final ToolPolicy toolPolicy;

	private final @Nullable String serverHistoryUser;

	private final TurnRunner runner;

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
		this.toolPolicy = new ToolPolicy(ToolSet.of(builder.tools), builder.toolExecution, builder.maxToolRounds,
				builder.legacyFunctions);
		this.serverHistoryUser = builder.serverHistoryUser;
		this.runner = new TurnRunner(this.client, this.requestDefaults, this.toolPolicy,
				(this.serverHistoryUser != null) ? new ServerHistory(this.serverHistoryUser) : null,
				new TurnObservations(builder.observationRegistry, builder.observationConvention));
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
	 * The tools this conversation offers the model.
	 * @return the tools, empty if none
	 */
	public List<ChatTool> tools() {
		return this.toolPolicy.tools().tools();
	}

	/**
	 * Sends a user message and returns the reply text, without streaming, as the Python
	 * library's {@code send_and_get_response}. A reply that is only a refusal has no
	 * text: its refusal is in the history and in {@link #sendAndGetCompletion} results.
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
	 *
	 * <p>
	 * When the conversation runs tools, the model's tool calls are answered and the model
	 * asked again, without streaming, until it replies without calling a tool.
	 * @param message the message to send, usually a user message
	 * @param options changes to the default request options for this turn only
	 * @return the completion of the last round; its first choice's message is now the
	 * last message of the history
	 */
	public Mono<ChatCompletion> sendAndGetCompletion(Message message, Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(message, "message");
		return completion(Flux.defer(() -> this.runner.run(Turn.send(this.history, message), options, false)));
	}

	/**
	 * Sends a user message and streams the reply text as it arrives, as the Python
	 * library's {@code send_and_stream_response}.
	 *
	 * <p>
	 * The request is sent on subscription. Each element is a piece of the reply text
	 * (empty pieces are skipped), of every round when the conversation runs tools. When
	 * the {@code Flux} completes, the reply is in the history; it fails with a
	 * {@link TurnFailedException}; cancelling closes the connection (or stops waiting for
	 * the tools) and keeps any partial reply, marked cancelled.
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
	 * @return the chunks of every round; the assembled reply is in the history when the
	 * {@code Flux} completes
	 */
	public Flux<ChatCompletionChunk> sendAndStreamChunks(Message message,
			Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(message, "message");
		return chunks(Flux.defer(() -> this.runner.run(Turn.send(this.history, message), options, true)));
	}

	/**
	 * Sends a user message and streams what happens: text and reasoning pieces, tool
	 * calls and their results, then the completed response.
	 * @param text the user message
	 * @return the events; the last is {@link ConversationEvent.Completed}
	 * @see #sendAndStreamEvents(Message, Consumer)
	 */
	public Flux<ConversationEvent> sendAndStreamEvents(String text) {
		return sendAndStreamEvents(Message.user(text), (options) -> {
		});
	}

	/**
	 * Sends a message and streams what happens, for callers that show tool activity.
	 *
	 * <p>
	 * The request is sent on subscription. For each round, text and reasoning pieces are
	 * emitted as they arrive; when the conversation runs tools, a
	 * {@link ConversationEvent.ToolCallRequested} for each call once the round's reply is
	 * complete, then a {@link ConversationEvent.ToolCallCompleted} as each tool returns,
	 * and the next round follows. The {@code Flux} ends with
	 * {@link ConversationEvent.Completed} once the reply is in the history, or fails with
	 * a {@link TurnFailedException}; cancelling closes the connection or stops waiting
	 * for the tools, with the history kept as the class documentation says.
	 * @param message the message to send, usually a user message
	 * @param options changes to the default request options for this turn only
	 * @return the events
	 */
	public Flux<ConversationEvent> sendAndStreamEvents(Message message,
			Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(message, "message");
		return events(Flux.defer(() -> this.runner.run(Turn.send(this.history, message), options, true)));
	}

	/**
	 * Asks the model to go on from the history as it stands, without streaming: after
	 * tool results appended by the caller ({@link ToolExecution#MANUAL}), or after a turn
	 * that failed with its completed tool rounds kept. Tools are run as in any turn.
	 *
	 * <p>
	 * The request is sent on subscription. A failure before any reply leaves the history
	 * as it was.
	 * @return the completion; its reply is now the last message of the history
	 * @throws IllegalStateException (in the {@code Mono}) if the history is empty or a
	 * tool call of the last assistant message has no result
	 */
	public Mono<ChatCompletion> continueTurn() {
		return completion(Flux.defer(() -> this.runner.run(Turn.resume(this.history), (options) -> {
		}, false)));
	}

	/**
	 * Asks the model to go on from the history as it stands, streaming the events; see
	 * {@link #continueTurn()} and {@link #sendAndStreamEvents(Message, Consumer)}.
	 * @return the events
	 * @throws IllegalStateException (in the {@code Flux}) if the history is empty or a
	 * tool call of the last assistant message has no result
	 */
	public Flux<ConversationEvent> continueAndStreamEvents() {
		return events(Flux.defer(() -> this.runner.run(Turn.resume(this.history), (options) -> {
		}, true)));
	}

	/**
	 * Sends a user message and reads the reply into a Java type, asking for JSON that
	 * follows the type's strict schema ({@code response_format: json_schema}, named after
	 * the type, {@code strict: true}); see {@link JsonSchemas} for the types supported.
	 * @param <T> the type
	 * @param text the user message
	 * @param type the type, usually a record
	 * @return the value
	 * @see #sendForObject(String, Class, OutputMode)
	 */
	public <T> Mono<T> sendForObject(String text, Class<T> type) {
		return sendForObject(text, type, OutputMode.JSON_SCHEMA);
	}

	/**
	 * Sends a user message and reads the reply into a Java type, without streaming.
	 *
	 * <p>
	 * The request is sent on subscription. The turn is like any other: the user message
	 * (in {@link OutputMode#JSON_OBJECT JSON_OBJECT} mode followed by the schema and the
	 * instruction to answer with JSON) and the reply are in the history, also when the
	 * reply cannot be read, since the model did answer. The {@code Mono} fails with a
	 * {@link StructuredOutputException} whose {@code kind()} says whether the model
	 * refused, the reply was truncated at the token limit, was not JSON or did not match
	 * the type, and whose {@code rawText()} is the reply; a failed turn fails with a
	 * {@link TurnFailedException}.
	 * @param <T> the type
	 * @param text the user message
	 * @param type the type, usually a record
	 * @param mode how to ask for JSON
	 * @return the value
	 * @throws IllegalArgumentException (in the {@code Mono}) if the type has no strict
	 * schema
	 */
	public <T> Mono<T> sendForObject(String text, Class<T> type, OutputMode mode) {
		return Mono.defer(() -> {
			StructuredOutput<T> output = StructuredOutput.of(type, mode);
			return sendAndGetCompletion(Message.user(output.prompt(text)),
					(options) -> options.responseFormat(output.responseFormat()))
				.map(output::read);
		});
	}

	/**
	 * Sends a user message and streams the reply's JSON text, then the value read from
	 * it.
	 * @param <T> the type
	 * @param text the user message
	 * @param type the type, usually a record
	 * @return the text pieces, then one {@link StructuredEvent.Parsed}
	 * @see #streamForObject(String, Class, OutputMode)
	 */
	public <T> Flux<StructuredEvent<T>> streamForObject(String text, Class<T> type) {
		return streamForObject(text, type, OutputMode.JSON_SCHEMA);
	}

	/**
	 * Sends a user message and streams the reply's JSON text, then the value read from
	 * it; the history and the errors are those of
	 * {@link #sendForObject(String, Class, OutputMode)}, and cancelling behaves as for
	 * {@link #sendAndStreamResponse(String)}.
	 * @param <T> the type
	 * @param text the user message
	 * @param type the type, usually a record
	 * @param mode how to ask for JSON
	 * @return the text pieces, then one {@link StructuredEvent.Parsed}
	 */
	public <T> Flux<StructuredEvent<T>> streamForObject(String text, Class<T> type, OutputMode mode) {
		return Flux.defer(() -> {
			StructuredOutput<T> output = StructuredOutput.of(type, mode);
			return sendAndStreamEvents(Message.user(output.prompt(text)),
					(options) -> options.responseFormat(output.responseFormat()))
				.concatMap((event) -> structured(output, event));
		});
	}

	private static <T> Mono<StructuredEvent<T>> structured(StructuredOutput<T> output, ConversationEvent event) {
		if (event instanceof ConversationEvent.TextDelta delta) {
			return Mono.just(new StructuredEvent.TextDelta<>(delta.text()));
		}
		if (event instanceof ConversationEvent.Completed completed) {
			return Mono.fromCallable(
					() -> new StructuredEvent.Parsed<>(output.read(completed.completion()), completed.completion()));
		}
		return Mono.empty();
	}

	/**
	 * Replaces the last reply with a new one, streaming its text: the last user message
	 * is answered again. The history changes only when the new reply is complete; if the
	 * turn fails or is cancelled, the previous reply stays. When the conversation runs
	 * tools, the new reply's tool rounds replace the previous ones with it.
	 * @return the pieces of the new reply text
	 * @throws IllegalStateException (in the {@code Flux}) if there is no user message
	 */
	public Flux<String> regenerate() {
		return texts(chunks(Flux.defer(() -> this.runner.run(Turn.regenerate(this.history), (options) -> {
		}, true))));
	}

	private static Mono<ChatCompletion> completion(Flux<TurnSignal> signals) {
		return signals.filter((signal) -> signal.event() instanceof ConversationEvent.Completed)
			.map((signal) -> ((ConversationEvent.Completed) signal.event()).completion())
			.last();
	}

	private static Flux<ChatCompletionChunk> chunks(Flux<TurnSignal> signals) {
		return signals.mapNotNull(TurnSignal::chunk);
	}

	private static Flux<ConversationEvent> events(Flux<TurnSignal> signals) {
		return signals.concatMapIterable(TurnSignal::events);
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
	 * Trims the history to its last turns, as a window memory does: the leading system
	 * and developer messages stay, then the last {@code turns} turns, each starting at a
	 * user message; everything in between is removed. The history is only ever cut before
	 * a user message, so a tool call and its result stay or go together.
	 * @param turns how many turns to keep, 0 to keep only the leading instructions
	 * @return the removed messages, empty if there were no more turns than that
	 * @throws IllegalArgumentException if {@code turns} is negative
	 * @throws ConversationBusyException if a turn is running
	 */
	public List<Message> keepLastTurns(int turns) {
		return this.history.keepLastTurns(turns);
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
		builder.tools.addAll(this.toolPolicy.tools().tools());
		builder.toolExecution = this.toolPolicy.execution();
		builder.maxToolRounds = this.toolPolicy.maxRounds();
		builder.legacyFunctions = this.toolPolicy.legacyFunctions();
		builder.serverHistoryUser = this.serverHistoryUser;
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

		private @Nullable String serverHistoryUser;

		private final List<Message> messages = new ArrayList<>();

		private final List<ChatTool> tools = new ArrayList<>();

		private ToolExecution toolExecution = ToolExecution.AUTO;

		private int maxToolRounds = ToolPolicy.DEFAULT_MAX_ROUNDS;

		private boolean legacyFunctions;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable ConversationObservationConvention observationConvention;

		private Builder() {
		}

		/**
		 * Adds tools the model may call, offered on every request after any tools of the
		 * request defaults.
		 * @param tools the tools, with distinct names
		 * @return this builder
		 */
		public Builder tools(ChatTool... tools) {
			return tools(List.of(tools));
		}

		/**
		 * Adds tools the model may call, offered on every request after any tools of the
		 * request defaults.
		 * @param tools the tools, with distinct names
		 * @return this builder
		 */
		public Builder tools(List<ChatTool> tools) {
			this.tools.addAll(tools);
			return this;
		}

		/**
		 * Sets who answers the model's tool calls: the conversation
		 * ({@link ToolExecution#AUTO}, the default) or the caller
		 * ({@link ToolExecution#MANUAL}).
		 * @param execution the execution mode
		 * @return this builder
		 */
		public Builder toolExecution(ToolExecution execution) {
			this.toolExecution = Objects.requireNonNull(execution, "execution");
			return this;
		}

		/**
		 * Sets how many times one turn may run tools before it fails with a
		 * {@link ToolRoundsExceededException}; 10 by default.
		 * @param maxToolRounds the maximum, at least 1
		 * @return this builder
		 */
		public Builder maxToolRounds(int maxToolRounds) {
			this.maxToolRounds = maxToolRounds;
			return this;
		}

		/**
		 * Uses Albert's server-side history: requests name this {@code user}, and once
		 * the server holds the chat, only the new messages are sent, with the previous
		 * response's {@code id} as an {@code id} body field. The local history stays
		 * complete (saved, exported, regenerated as usual); whenever it no longer starts
		 * with what the server holds (after a load, an edit, a regeneration or a failed
		 * turn), the whole history is sent again and a new server chat starts.
		 * @param user the user the server keeps the chat for, or {@code null} to send the
		 * whole history every time (the default)
		 * @return this builder
		 */
		public Builder albertServerHistory(@Nullable String user) {
			this.serverHistoryUser = user;
			return this;
		}

		/**
		 * Sets whether the tools are offered as legacy {@code functions} rather than
		 * {@code tools}, for servers that predate tools; the model's
		 * {@code function_call} is then answered with a {@code function} message. A
		 * {@code function_call} in a reply is answered that way in either mode.
		 * @param legacyFunctions whether to send {@code functions}
		 * @return this builder
		 */
		public Builder legacyFunctions(boolean legacyFunctions) {
			this.legacyFunctions = legacyFunctions;
			return this;
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
			return ChatCompletionsClient.builder()
				.baseUrl(this.baseUrl)
				.apiKey(this.apiKey)
				.observationRegistry(this.observationRegistry)
				.build();
		}

		/**
		 * Observes every turn as a {@code gen_ai.conversation.turn} and each of its tool
		 * rounds as a {@code gen_ai.conversation.tool_round}, from subscription to the
		 * reply, failure or cancellation; the turn's client calls are its children when
		 * the client is observed too (a client built from {@link #baseUrl} is). Message
		 * content is never put on these observations. Default:
		 * {@link ObservationRegistry#NOOP}, nothing observed.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * Replaces the convention that names and tags turn observations (default:
		 * {@link DefaultConversationObservationConvention}).
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder observationConvention(@Nullable ConversationObservationConvention observationConvention) {
			this.observationConvention = observationConvention;
			return this;
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
		 * @throws IllegalArgumentException if two tools have the same name or the maximum
		 * number of tool rounds is below 1
		 */
		public ChatCompletionsConversation build() {
			return new ChatCompletionsConversation(this);
		}

	}

}
