package dev.chatconversation.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChoice;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.Usage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one client call, for {@link ChatClientObservationConvention}s and
 * observation handlers: the request, then what the response or its chunks told so far.
 * The client fills it in as the call runs; handlers read it when the observation stops.
 */
public final class ChatClientObservationContext extends Observation.Context {

	/**
	 * The Reactor {@code Context} key under which a routing client puts how many fallback
	 * models it tried before the current one (an {@code Integer}).
	 */
	public static final String FALLBACKS_KEY = ChatClientObservationContext.class.getName() + ".fallbacks";

	private final ChatCompletionRequest request;

	private final String provider;

	private final boolean streaming;

	private final long startNanos = System.nanoTime();

	private final List<String> finishReasons = new ArrayList<>();

	private final @Nullable StringBuilder completion;

	private @Nullable String responseModel;

	private @Nullable String responseId;

	private @Nullable Usage usage;

	private @Nullable Duration timeToFirstChunk;

	private int attempts;

	private int fallbacks;

	private boolean cancelled;

	/**
	 * A context for one call.
	 * @param request the request as sent, after the provider profile adapted it
	 * @param provider the provider profile's name
	 * @param streaming whether the call streams
	 * @param captureContent whether to keep the reply's text for the convention
	 */
	public ChatClientObservationContext(ChatCompletionRequest request, String provider, boolean streaming,
			boolean captureContent) {
		this.request = request;
		this.provider = provider;
		this.streaming = streaming;
		this.completion = captureContent ? new StringBuilder() : null;
	}

	/**
	 * Records a chunk of a stream: the first one's arrival, the model, id, finish reasons
	 * and usage.
	 * @param chunk the chunk
	 */
	public void chunk(ChatCompletionChunk chunk) {
		firstResponse();
		if (chunk.model() != null) {
			this.responseModel = chunk.model();
		}
		if (chunk.id() != null) {
			this.responseId = chunk.id();
		}
		if (chunk.usage() != null) {
			this.usage = chunk.usage();
		}
		for (ChatCompletionChunk.ChunkChoice choice : chunk.choices()) {
			if (choice.finishReason() != null) {
				this.finishReasons.add(choice.finishReason());
			}
			if (this.completion != null && choice.index() == 0 && choice.delta().content() != null) {
				this.completion.append(choice.delta().content());
			}
		}
	}

	/**
	 * Records the completion of a call that does not stream.
	 * @param completion the completion
	 */
	public void completion(ChatCompletion completion) {
		firstResponse();
		this.responseModel = completion.model();
		this.responseId = completion.id();
		this.usage = completion.usage();
		for (ChatCompletionChoice choice : completion.choices()) {
			if (choice.finishReason() != null) {
				this.finishReasons.add(choice.finishReason());
			}
		}
		if (this.completion != null && !completion.choices().isEmpty()) {
			this.completion.append(completion.firstChoice().message().text());
		}
	}

	private void firstResponse() {
		if (this.timeToFirstChunk == null) {
			this.timeToFirstChunk = Duration.ofNanos(System.nanoTime() - this.startNanos);
		}
	}

	/** Records that the subscriber cancelled the call. */
	public void cancelled() {
		this.cancelled = true;
	}

	/** Records that one more HTTP request was sent. */
	public void attemptStarted() {
		this.attempts++;
	}

	/**
	 * Records how many fallback models were tried before this call's.
	 * @param fallbacks the count
	 */
	public void fallbacks(int fallbacks) {
		this.fallbacks = fallbacks;
	}

	/**
	 * The request as sent.
	 * @return the request
	 */
	public ChatCompletionRequest request() {
		return this.request;
	}

	/**
	 * The provider profile's name.
	 * @return the provider
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * Whether the call streams.
	 * @return whether it streams
	 */
	public boolean streaming() {
		return this.streaming;
	}

	/**
	 * The model that answered, as the server named it.
	 * @return the model, or {@code null} before any response or if none was named
	 */
	public @Nullable String responseModel() {
		return this.responseModel;
	}

	/**
	 * The response id.
	 * @return the id, or {@code null}
	 */
	public @Nullable String responseId() {
		return this.responseId;
	}

	/**
	 * The finish reasons received, in order.
	 * @return the reasons
	 */
	public List<String> finishReasons() {
		return Collections.unmodifiableList(this.finishReasons);
	}

	/**
	 * The token usage of the response (of a stream's usage chunk, sent when the request
	 * asks for it with {@code stream_options.include_usage}).
	 * @return the usage, or {@code null}
	 */
	public @Nullable Usage usage() {
		return this.usage;
	}

	/**
	 * The time from subscription to the first chunk, or to the response of a call that
	 * does not stream.
	 * @return the time, or {@code null} if nothing came
	 */
	public @Nullable Duration timeToFirstChunk() {
		return this.timeToFirstChunk;
	}

	/**
	 * The reply's text, kept only when content is captured.
	 * @return the text, or {@code null} if not captured
	 */
	public @Nullable String completionText() {
		return (this.completion != null) ? this.completion.toString() : null;
	}

	/**
	 * How many HTTP requests the call sent, retries included.
	 * @return the count, 0 if none was sent
	 */
	public int attempts() {
		return this.attempts;
	}

	/**
	 * How many fallback models a routing client tried before this call's model.
	 * @return the count
	 */
	public int fallbacks() {
		return this.fallbacks;
	}

	/**
	 * Whether the subscriber cancelled the call.
	 * @return whether it was cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

}
