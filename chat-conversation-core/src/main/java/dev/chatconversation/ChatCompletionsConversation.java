package dev.chatconversation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.context.ContextWindow;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import dev.chatconversation.observation.ConversationObservationConvention;
import dev.chatconversation.observation.DefaultConversationObservationConvention;
import dev.chatconversation.persistence.ConversationFile;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import dev.chatconversation.store.NewConversation;
import dev.chatconversation.store.StoreSettings;
import dev.chatconversation.store.StoredConversation;
import dev.chatconversation.tool.ChatTool;
import dev.chatconversation.tool.ToolExecution;
import dev.chatconversation.tool.ToolSet;
import dev.chatconversation.transcript.TranscriptExport;
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
 * The class mirrors Python's {@code chat-completions-conversation} with Java names
 * ({@link #sendAndGetResponse(String)}, {@link #sendAndStreamResponse(String)},
 * {@link #appendUserMessage(String, String)}, ...). It is safe to use from several
 * threads; {@link #messages()} returns consistent snapshots.
 *
 * <p>
 * <b>Turns.</b> Every other way to run a turn starts from a {@link ConversationTurn}:
 * {@link #turn(String)} or {@link #turn(Message)} to send a message,
 * {@link #continuation()} to go on from the history as it stands, {@link #regeneration()}
 * to answer the last user message again. A turn is cold and immutable: it takes per-turn
 * {@link ConversationTurn#options(Consumer) options}, and its views give the result as
 * text pieces, chunks, events, a whole completion, a reply string or a Java object.
 * Nothing is sent until a view's publisher is subscribed.
 *
 * <p>
 * <b>Nothing lost.</b> A conversation runs one turn at a time; a second turn started
 * while one runs fails at once with {@link ConversationBusyException}. When a turn fails
 * or is cancelled before any reply content arrived, the history is exactly as before and
 * the failure, the typed {@link dev.chatconversation.client.ChatCompletionsException}
 * itself, carries the user's message in its {@code turn()}; after content arrived, the
 * history keeps the user's message and the partial reply, marked
 * {@link dev.chatconversation.message.Incomplete incomplete}. A regeneration changes the
 * history only when its new reply is complete.
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
 * call is never left without its result. {@link ConversationTurn#events()} reports the
 * calls and results. With {@link ToolExecution#MANUAL} the turn ends after the model's
 * tool calls: append one {@link dev.chatconversation.message.ToolMessage} per call (see
 * {@link ChatTool#call(dev.chatconversation.message.ToolCall)}), then run
 * {@link #continuation()}.
 *
 * <p>
 * <b>Stores.</b> A conversation built with {@link Builder#store(ConversationStore) a
 * store} ({@link Builder#open(String)} an existing one, {@link Builder#create} or
 * {@link Builder#build()} a new one) keeps its history there, so it survives restarts and
 * can be served by any instance: a turn acquires the conversation's lease (a turn already
 * running anywhere makes it fail at once with {@link ConversationBusyException}) and
 * writes the user's message before the request is sent, checkpoints the partial reply
 * while it streams, and writes what it added when it ends, under the same rules as above;
 * it completes only once that is written. If the instance dies mid-turn, the last
 * checkpoint becomes the reply, marked {@code incomplete} with the reason
 * {@code interrupted}, once the lease expires. Changes outside turns ({@code append...},
 * {@link #clear()}, {@link #loadFromJsonFile(Path)}...) are written to the store before
 * they are made, on the caller's thread.
 */
public final class ChatCompletionsConversation {

	private final ConversationSettings settings;

	private final History history;

	private final TurnEngine engine;

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
		this(builder.settings(), builder.initialMessages(), null);
	}

	private ChatCompletionsConversation(ConversationSettings settings, List<Message> messages,
			@Nullable StoreJournal journal) {
		this.settings = settings;
		this.history = new History(messages);
		this.engine = new TurnEngine(this.history, settings.newRunner(), journal);
	}

	/**
	 * A builder for a conversation.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	// Turns

	/**
	 * A turn that sends a user message; nothing is sent until one of its views is
	 * subscribed.
	 * @param text the user message
	 * @return the turn
	 */
	public ConversationTurn turn(String text) {
		return turn(Message.user(text));
	}

	/**
	 * A turn that sends a message, usually a user message; nothing is sent until one of
	 * its views is subscribed.
	 * @param message the message
	 * @return the turn
	 */
	public ConversationTurn turn(Message message) {
		return new ConversationTurn(this.engine, TurnStart.send(Objects.requireNonNull(message, "message")));
	}

	/**
	 * A turn that asks the model to go on from the history as it stands: after tool
	 * results appended by the caller ({@link ToolExecution#MANUAL}), or after a turn that
	 * failed with its completed tool rounds kept. Tools are run as in any turn, and a
	 * failure before any reply leaves the history as it was.
	 * @return the turn; its publishers fail with {@link IllegalStateException} if the
	 * history is empty or a tool call of the last assistant message has no result
	 */
	public ConversationTurn continuation() {
		return new ConversationTurn(this.engine, TurnStart.resume());
	}

	/**
	 * A turn that replaces the last reply with a new one, answering the last user message
	 * again. The history changes only when the new reply is complete; if the turn fails
	 * or is cancelled, the previous reply stays. When the conversation runs tools, the
	 * new reply's tool rounds replace the previous ones with it.
	 * @return the turn; its publishers fail with {@link IllegalStateException} if there
	 * is no user message
	 */
	public ConversationTurn regeneration() {
		return new ConversationTurn(this.engine, TurnStart.regenerate());
	}

	/**
	 * Sends a user message and returns the reply text, without streaming, as the Python
	 * library's {@code send_and_receive_response}; {@code turn(text).response()}.
	 * @param text the user message
	 * @return the reply text; the reply is in the history when the {@code Mono} completes
	 * @see ConversationTurn#response()
	 */
	public Mono<String> sendAndGetResponse(String text) {
		return turn(text).response();
	}

	/**
	 * Sends a user message with an image and returns the reply text, without streaming,
	 * as the Python library's {@code send_and_receive_response(text, image_url)}.
	 * @param text the text of the user message, sent even when empty
	 * @param imageUrl the image's URL ({@code https:} or {@code data:}), or {@code null}
	 * for a text-only message
	 * @return the reply text
	 * @see #appendUserMessage(String, String)
	 */
	public Mono<String> sendAndGetResponse(String text, @Nullable String imageUrl) {
		return turn(userMessage(text, imageUrl)).response();
	}

	/**
	 * Sends a user message made of parts and returns the reply text, without streaming.
	 * @param parts the parts of the user message, at least one
	 * @return the reply text
	 */
	public Mono<String> sendAndGetResponse(List<? extends ContentPart> parts) {
		return turn(userMessage(parts)).response();
	}

	/**
	 * Sends a user message and streams the reply text as it arrives, as the Python
	 * library's {@code send_and_stream_response}; {@code turn(text).text()}.
	 * @param text the user message
	 * @return the pieces of the reply text (of every round when the conversation runs
	 * tools); the reply is in the history when the {@code Flux} completes
	 * @see ConversationTurn#text()
	 */
	public Flux<String> sendAndStreamResponse(String text) {
		return turn(text).text();
	}

	/**
	 * Sends a user message with an image and streams the reply text, as the Python
	 * library's {@code send_and_stream_response(text, image_url)}.
	 * @param text the text of the user message, sent even when empty
	 * @param imageUrl the image's URL ({@code https:} or {@code data:}), or {@code null}
	 * for a text-only message
	 * @return the pieces of the reply text
	 * @see #appendUserMessage(String, String)
	 */
	public Flux<String> sendAndStreamResponse(String text, @Nullable String imageUrl) {
		return turn(userMessage(text, imageUrl)).text();
	}

	/**
	 * Sends a user message made of parts and streams the reply text.
	 * @param parts the parts of the user message, at least one
	 * @return the pieces of the reply text
	 */
	public Flux<String> sendAndStreamResponse(List<? extends ContentPart> parts) {
		return turn(userMessage(parts)).text();
	}

	/**
	 * Sends a user message with per-turn options and streams the reply text;
	 * {@code turn(text).options(options).text()}.
	 * @param text the user message
	 * @param options changes to the default request options for this turn only
	 * @return the pieces of the reply text
	 */
	public Flux<String> sendAndStreamResponse(String text, Consumer<ChatCompletionRequest.Builder> options) {
		return turn(text).options(options).text();
	}

	/**
	 * Replaces the last reply with a new one, streaming its text;
	 * {@code regeneration().text()}.
	 * @return the pieces of the new reply text
	 * @see #regeneration()
	 */
	public Flux<String> regenerate() {
		return regeneration().text();
	}

	// History

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
	 * Appends a user message with plain text, without sending it.
	 * @param text the text
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendUserMessage(String text) {
		appendMessage(Message.user(text));
	}

	/**
	 * Appends a user message with an image, without sending it, as the Python library's
	 * {@code append_user_message(text, image_url)}: with an image, the content is a text
	 * part followed by an {@code image_url} part (the text part is there even when the
	 * text is empty); without one, it is the plain text.
	 * @param text the text
	 * @param imageUrl the image's URL ({@code https:} or {@code data:}), or {@code null}
	 * for a text-only message
	 * @throws ConversationBusyException if a turn is running
	 */
	public void appendUserMessage(String text, @Nullable String imageUrl) {
		appendMessage(userMessage(text, imageUrl));
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
	 * Removes every message.
	 * @throws ConversationBusyException if a turn is running
	 */
	public void clear() {
		this.history.clear();
	}

	/**
	 * An independent copy of this conversation, to branch it: the same client, request
	 * defaults and tools, a copy of the history (without the messages of a turn still
	 * running). The copy lives in memory, even if this conversation is kept in a store.
	 * @return the copy
	 */
	public ChatCompletionsConversation fork() {
		return new ChatCompletionsConversation(this.settings, this.history.settledSnapshot(), null);
	}

	// Store

	/**
	 * The id of this conversation in its store.
	 * @return the id, or {@code null} if the conversation is not kept in a store
	 */
	public @Nullable String id() {
		StoreJournal journal = this.engine.journal();
		return (journal != null) ? journal.id() : null;
	}

	/**
	 * Reads the history again from the store, to see what turns on other instances added;
	 * a turn does this by itself when the store changed since the last one. Blocks on the
	 * store: call it on a thread that may block.
	 * @throws IllegalStateException if the conversation is not kept in a store
	 * @throws ConversationBusyException if a turn is running
	 * @throws dev.chatconversation.store.ConversationStoreException if the store cannot
	 * be read
	 */
	public void reload() {
		StoreJournal journal = this.engine.journal();
		if (journal == null) {
			throw new IllegalStateException("This conversation is not kept in a store: there is nothing to reload");
		}
		journal.reload(this.history);
	}

	// Files and transcripts

	/**
	 * Replaces the history with the message list in a JSON file (the array the API's
	 * {@code messages} field takes). On any error the history is unchanged.
	 * @param file the file, UTF-8
	 * @throws InvalidConversationException if the file is not a valid message list (the
	 * message names the file, the message index and the JSON path)
	 * @throws java.io.UncheckedIOException if the file cannot be read (the message names
	 * the path)
	 * @throws ConversationBusyException if a turn is running
	 * @see ConversationFile#read(Path)
	 */
	public void loadFromJsonFile(Path file) {
		this.history.replaceAll(ConversationFile.read(file));
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
	 * @see ConversationFile#write(Path, List)
	 */
	public void saveToJsonFile(Path file) {
		ConversationFile.write(file, this.history.snapshot());
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

	// Settings

	/**
	 * The model this conversation talks to.
	 * @return the model name, or {@code null} if none was set
	 */
	public @Nullable String model() {
		return this.settings.requestDefaults().model();
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
		return this.settings.requestDefaults();
	}

	/**
	 * The tools this conversation offers the model.
	 * @return the tools, empty if none
	 */
	public List<ChatTool> tools() {
		return this.settings.toolPolicy().tools().tools();
	}

	/**
	 * What each request sends of the history.
	 * @return the context window, {@link ContextWindow#UNLIMITED} unless one was set
	 */
	public ContextWindow contextWindow() {
		return this.settings.contextWindow();
	}

	private static Message userMessage(String text, @Nullable String imageUrl) {
		if (imageUrl == null) {
			return Message.user(text);
		}
		// the Python library's order, with the text part even when the text is empty
		return Message.user(List.of(ContentPart.text(text), ContentPart.imageUrl(imageUrl)));
	}

	private static Message userMessage(List<? extends ContentPart> parts) {
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("A user message needs at least one content part");
		}
		return Message.user(List.copyOf(parts));
	}

	/**
	 * Builds {@link ChatCompletionsConversation} instances.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private @Nullable String baseUrl;

		private @Nullable String model;

		private @Nullable ChatCompletionsClient client;

		private static final ChatCompletionRequest NO_DEFAULTS = ChatCompletionRequest.builder().build();

		private ChatCompletionRequest requestDefaults = NO_DEFAULTS;

		private @Nullable String systemPrompt;

		private @Nullable String serverHistoryUser;

		private ContextWindow contextWindow = ContextWindow.UNLIMITED;

		private final List<Message> messages = new ArrayList<>();

		private final List<ChatTool> tools = new ArrayList<>();

		private ToolExecution toolExecution = ToolExecution.AUTO;

		private int maxToolRounds = ToolPolicy.DEFAULT_MAX_ROUNDS;

		private boolean legacyFunctions;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable ConversationObservationConvention observationConvention;

		private @Nullable ConversationStore store;

		private StoreSettings storeSettings = StoreSettings.DEFAULTS;

		private Builder() {
		}

		/**
		 * Keeps the conversation in a store; {@link #open(String)} then opens a stored
		 * conversation, {@link #create(NewConversation)} and {@link #build()} create one.
		 * @param store the store, or {@code null} to keep the history in memory only
		 * @return this builder
		 */
		public Builder store(@Nullable ConversationStore store) {
			this.store = store;
			return this;
		}

		/**
		 * Sets how turns of a stored conversation hold its lease and checkpoint their
		 * partial replies; default: a 30 s lease, a checkpoint every second.
		 * @param storeSettings the settings
		 * @return this builder
		 */
		public Builder storeSettings(StoreSettings storeSettings) {
			this.storeSettings = Objects.requireNonNull(storeSettings, "storeSettings");
			return this;
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
		 * Uses Albert's early server-side history: requests name this {@code user} and
		 * send the previous response's {@code id} as an {@code id} body field to continue
		 * the server's chat. No released Albert version has this protocol (building the
		 * conversation logs a warning), and the API that had it stored only the last
		 * message of each request, so the leading system and developer messages go with
		 * every request, and a request sends only the new message when exactly one is
		 * new; otherwise (parallel tool results, a load, an edit, a regeneration, a
		 * failed turn) the whole history is sent without {@code id}, and from then on on
		 * every request, since the server then holds only that request's last message.
		 * The local history stays complete (saved, exported, regenerated as usual).
		 * @param user the user the server keeps the chat for, or {@code null} to send the
		 * whole history every time (the default)
		 * @return this builder
		 */
		public Builder albertServerHistory(@Nullable String user) {
			this.serverHistoryUser = user;
			return this;
		}

		/**
		 * Limits what each request sends of the history, without changing the history:
		 * the leading instructions, then the most recent turns that fit a maximum number
		 * of messages and/or tokens; see {@link ContextWindow}.
		 * @param window the window; {@link ContextWindow#UNLIMITED} (the default) sends
		 * the whole history
		 * @return this builder
		 */
		public Builder contextWindow(ContextWindow window) {
			this.contextWindow = Objects.requireNonNull(window, "window");
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

		private ConversationSettings settings() {
			ChatCompletionRequest.Builder defaults = this.requestDefaults.mutate();
			if (this.model != null) {
				defaults.model(this.model);
			}
			ToolPolicy toolPolicy = new ToolPolicy(ToolSet.of(this.tools), this.toolExecution, this.maxToolRounds,
					this.legacyFunctions);
			return new ConversationSettings(client(), defaults.messages(List.of()).build(), toolPolicy,
					this.serverHistoryUser, this.contextWindow,
					new TurnObservations(this.observationRegistry, this.observationConvention));
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
			if (this.store != null) {
				return create(NewConversation.create());
			}
			return new ChatCompletionsConversation(this);
		}

		/**
		 * Creates a conversation in the {@link #store(ConversationStore) store} and
		 * builds it. Its first messages are the given conversation's, or else this
		 * builder's system prompt and messages; its model is the given one, or else this
		 * builder's. Blocks on the store.
		 * @param conversation the id, owner, title, model and messages to create it with
		 * @return the conversation
		 * @throws IllegalStateException if no store is set
		 * @throws dev.chatconversation.store.ConversationConflictException if the
		 * requested id exists
		 * @throws dev.chatconversation.store.ConversationStoreException if the store
		 * cannot be written
		 */
		public ChatCompletionsConversation create(NewConversation conversation) {
			ConversationStore target = requireStore("create");
			NewConversation complete = conversation;
			if (complete.messages().isEmpty()) {
				complete = complete.withMessages(initialMessages());
			}
			ConversationSettings settings = settings();
			if (complete.model() == null) {
				complete = complete.withModel(settings.requestDefaults().model());
			}
			ConversationRecord record = target.create(complete);
			return new ChatCompletionsConversation(settings, complete.messages(),
					new StoreJournal(target, record.id(), this.storeSettings, record.version()));
		}

		/**
		 * Builds a conversation on one the {@link #store(ConversationStore) store} holds,
		 * with its stored history (this builder's system prompt and messages are not
		 * used). Blocks on the store.
		 * @param id the conversation's id
		 * @return the conversation
		 * @throws IllegalStateException if no store is set
		 * @throws dev.chatconversation.store.ConversationNotFoundException if the store
		 * has no such conversation
		 * @throws dev.chatconversation.store.ConversationStoreException if the store
		 * cannot be read
		 */
		public ChatCompletionsConversation open(String id) {
			ConversationStore target = requireStore("open");
			StoredConversation stored = target.load(id);
			return new ChatCompletionsConversation(settings(), stored.messages(),
					new StoreJournal(target, id, this.storeSettings, stored.record().version()));
		}

		private ConversationStore requireStore(String action) {
			if (this.store == null) {
				throw new IllegalStateException("Cannot " + action + " a stored conversation: no store is set");
			}
			return this.store;
		}

	}

}
