package dev.chatconversation;

import java.util.Objects;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.structured.JsonSchemas;
import dev.chatconversation.structured.OutputMode;
import dev.chatconversation.structured.StructuredEvent;
import dev.chatconversation.structured.StructuredOutput;
import dev.chatconversation.structured.StructuredOutputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One turn of a conversation, described but not run: what it adds to the history, its
 * request options, and a choice of views of its result. Get one from
 * {@link ChatCompletionsConversation#turn(String)},
 * {@link ChatCompletionsConversation#continuation()} or
 * {@link ChatCompletionsConversation#regeneration()}.
 *
 * <pre class="code">
 * conversation.turn("Hello").text();                          // Flux&lt;String&gt;, streamed
 * conversation.turn("Hello").options((o) -&gt; o.seed(1)).completion(); // Mono&lt;ChatCompletion&gt;
 * conversation.turn("A recipe").object(Recipe.class);        // Mono&lt;Recipe&gt;
 * conversation.regeneration().events();                      // Flux&lt;ConversationEvent&gt;
 * </pre>
 *
 * <p>
 * <b>Immutable and cold.</b> {@link #options(Consumer)} returns a new turn. Creating a
 * turn or calling a view sends nothing and leaves the history alone; the request is sent
 * when the returned publisher is subscribed, and every subscription runs the turn once
 * more (a second user message, a second reply), so subscribe once. Whether the history
 * can take the turn is checked then too: a turn started while another runs fails with
 * {@link ConversationBusyException}, a continuation of an empty history or a regeneration
 * without a user message with {@link IllegalStateException}.
 *
 * <p>
 * <b>Streamed or not.</b> {@link #text()}, {@link #chunks()}, {@link #events()} and
 * {@link #objectStream(Class)} send {@code stream: true} and emit as the reply arrives;
 * {@link #completion()}, {@link #response()} and {@link #object(Class)} send one
 * non-streamed request per round and emit once the reply is complete. When the
 * conversation runs tools, every view covers every round of the turn.
 *
 * <p>
 * <b>Completion, failure, cancellation.</b> When the publisher completes, the reply is in
 * the history. A failed turn fails with the typed error itself (a
 * {@link dev.chatconversation.client.ChatCompletionsException} such as
 * {@link dev.chatconversation.client.RateLimitException}, so
 * {@code onErrorResume(Type.class, ...)} matches), whose {@code turn()} says what the
 * history kept and holds the user's message to send again; a conversation built without a
 * client fails with an {@link IllegalStateException} as it is. Cancelling closes the HTTP
 * connection, or stops waiting for the tools; the history then follows the rules of
 * {@link ChatCompletionsConversation}: as before the turn if no reply content arrived,
 * the partial reply marked incomplete otherwise, and for a regeneration always the
 * previous reply.
 */
public final class ConversationTurn {

	private static final Consumer<ChatCompletionRequest.Builder> NO_CHANGES = (options) -> {
	};

	private final TurnEngine engine;

	private final TurnStart start;

	private final Consumer<ChatCompletionRequest.Builder> options;

	ConversationTurn(TurnEngine engine, TurnStart start) {
		this(engine, start, NO_CHANGES);
	}

	private ConversationTurn(TurnEngine engine, TurnStart start, Consumer<ChatCompletionRequest.Builder> options) {
		this.engine = engine;
		this.start = start;
		this.options = options;
	}

	/**
	 * This turn with changes to the conversation's default request options, for this turn
	 * only; they apply after any given before, so the last change of a field wins.
	 * @param options changes to the request, such as {@code (o) -> o.temperature(0.7)}
	 * @return a new turn; this one is unchanged
	 */
	public ConversationTurn options(Consumer<ChatCompletionRequest.Builder> options) {
		Objects.requireNonNull(options, "options");
		return new ConversationTurn(this.engine, this.start, this.options.andThen(options));
	}

	/**
	 * Streams the reply text as it arrives, as the Python library's
	 * {@code send_and_stream_response} does.
	 * @return the pieces of the reply text of the first choice, empty pieces left out
	 */
	public Flux<String> text() {
		return chunks().map(ChatCompletionChunk::text).filter((text) -> !text.isEmpty());
	}

	/**
	 * Streams the raw chunks, for callers that need usage, finish reasons, tool calls or
	 * reasoning as they arrive.
	 * @return the chunks of every round, all choices included
	 */
	public Flux<ChatCompletionChunk> chunks() {
		return signals(true).mapNotNull(TurnSignal::chunk);
	}

	/**
	 * Streams what happens, for callers that show tool activity: for each round, text and
	 * reasoning pieces as they arrive; when the conversation runs tools, a
	 * {@link ConversationEvent.ToolCallRequested} for each call once the round's reply is
	 * complete, then a {@link ConversationEvent.ToolCallCompleted} as each tool returns.
	 * @return the events; the last is {@link ConversationEvent.Completed}, once the reply
	 * is in the history
	 */
	public Flux<ConversationEvent> events() {
		return signals(true).concatMapIterable(TurnSignal::events);
	}

	/**
	 * Sends the turn without streaming and returns the whole response, for callers that
	 * need usage, finish reason, tool calls or reasoning.
	 * @return the response of the last round; its first choice's message is then the last
	 * message of the history
	 */
	public Mono<ChatCompletion> completion() {
		return signals(false).filter((signal) -> signal.event() instanceof ConversationEvent.Completed)
			.map((signal) -> ((ConversationEvent.Completed) signal.event()).completion())
			.last();
	}

	/**
	 * Sends the turn without streaming and returns the reply text, as the Python
	 * library's {@code send_and_receive_response} does. A reply that is only a refusal
	 * has no text; its refusal is in the history and in the {@link #completion()}.
	 * @return the reply text
	 */
	public Mono<String> response() {
		return completion().map(ChatCompletion::text);
	}

	/**
	 * Sends the turn without streaming and reads the reply into a Java type, asking for
	 * JSON that follows the type's strict schema ({@code response_format: json_schema},
	 * named after the type, {@code strict: true}); see {@link JsonSchemas} for the types
	 * supported.
	 * @param <T> the type
	 * @param type the type, usually a record
	 * @return the value
	 * @see #object(Class, OutputMode)
	 */
	public <T> Mono<T> object(Class<T> type) {
		return object(type, OutputMode.JSON_SCHEMA);
	}

	/**
	 * Sends the turn without streaming and reads the reply into a Java type.
	 *
	 * <p>
	 * The turn is like any other: in {@link OutputMode#JSON_OBJECT JSON_OBJECT} mode the
	 * new user message is followed by the schema and the instruction to answer with JSON
	 * (a continuation or regeneration has no new message and relies on the earlier one),
	 * and the reply is in the history also when it cannot be read, since the model did
	 * answer. The {@code Mono} then fails with a {@link StructuredOutputException} whose
	 * {@code kind()} says whether the model refused, the reply was truncated at the token
	 * limit, was not JSON or did not match the type, and whose {@code rawText()} is the
	 * reply. The response format replaces any set by {@link #options(Consumer)}.
	 * @param <T> the type
	 * @param type the type, usually a record
	 * @param mode how to ask for JSON
	 * @return the value
	 * @throws IllegalArgumentException (in the {@code Mono}) if the type has no strict
	 * schema
	 */
	public <T> Mono<T> object(Class<T> type, OutputMode mode) {
		return Mono.defer(() -> {
			StructuredOutput<T> output = StructuredOutput.of(type, mode);
			return asking(output).completion().map(output::read);
		});
	}

	/**
	 * Streams the reply's JSON text, then the value read from it.
	 * @param <T> the type
	 * @param type the type, usually a record
	 * @return the text pieces, then one {@link StructuredEvent.Parsed}
	 * @see #objectStream(Class, OutputMode)
	 */
	public <T> Flux<StructuredEvent<T>> objectStream(Class<T> type) {
		return objectStream(type, OutputMode.JSON_SCHEMA);
	}

	/**
	 * Streams the reply's JSON text, then the value read from it; the request, the
	 * history and the errors are those of {@link #object(Class, OutputMode)}.
	 * @param <T> the type
	 * @param type the type, usually a record
	 * @param mode how to ask for JSON
	 * @return the text pieces, then one {@link StructuredEvent.Parsed}
	 */
	public <T> Flux<StructuredEvent<T>> objectStream(Class<T> type, OutputMode mode) {
		return Flux.defer(() -> {
			StructuredOutput<T> output = StructuredOutput.of(type, mode);
			return asking(output).events().concatMap((event) -> structured(output, event));
		});
	}

	private ConversationTurn asking(StructuredOutput<?> output) {
		return new ConversationTurn(this.engine, this.start.asking(output),
				this.options.andThen((request) -> request.responseFormat(output.responseFormat())));
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

	private Flux<TurnSignal> signals(boolean streaming) {
		return this.engine.run(this.start, this.options, streaming);
	}

}
