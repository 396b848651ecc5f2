package dev.chatconversation.client.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChoice;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Folds the chunks of a stream into the {@link ChatCompletion} a non-streaming call would
 * have returned: content, reasoning and refusal text, tool calls merged by index, finish
 * reasons, usage from whichever chunk carries it, one state per choice when
 * {@code n > 1}.
 *
 * <p>
 * Tool-call pieces are merged the way real providers send them: continuation pieces with
 * an empty id or name keep the first piece's values, indexes may start at 1, calls may
 * arrive whole, a missing index (Gemini) continues the latest call unless a new id starts
 * one, and a new id under an index already used (Gemini's parallel calls all at index 0)
 * starts a new call instead of gluing two argument objects together.
 *
 * <p>
 * Use it when you call the client directly and want the whole reply of a stream, or the
 * part received so far when the stream fails or is cancelled: <pre class="code">
 * ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
 * client.stream(request).doOnNext(accumulator::add).blockLast();
 * ChatCompletion completion = accumulator.toCompletion();
 * </pre> A conversation accumulates its turns itself.
 *
 * <p>
 * Instances are not thread-safe; one accumulator serves one stream.
 */
public final class ChatCompletionAccumulator {

	private final TreeMap<Integer, ChoiceAccumulator> choices = new TreeMap<>();

	private @Nullable String id;

	private @Nullable Long created;

	private @Nullable String model;

	private @Nullable String systemFingerprint;

	private @Nullable String serviceTier;

	private @Nullable Usage usage;

	private @Nullable Map<String, JsonNode> extra;

	private int chunks;

	private @Nullable ChoiceAccumulator last;

	private int lastIndex;

	/**
	 * Creates an accumulator for one stream, holding nothing yet.
	 */
	public ChatCompletionAccumulator() {
	}

	/**
	 * Adds a chunk.
	 * @param chunk the next chunk of the stream
	 */
	public void add(ChatCompletionChunk chunk) {
		this.chunks++;
		this.id = firstNonEmpty(this.id, chunk.id());
		this.model = firstNonEmpty(this.model, chunk.model());
		this.systemFingerprint = firstNonEmpty(this.systemFingerprint, chunk.systemFingerprint());
		this.serviceTier = firstNonEmpty(this.serviceTier, chunk.serviceTier());
		if (this.created == null || this.created == 0) {
			this.created = chunk.created();
		}
		if (chunk.usage() != null) {
			this.usage = chunk.usage();
		}
		if (!chunk.extra().isEmpty()) {
			mergeExtra(chunk.extra());
		}
		// indexed, and the last choice remembered: this runs for every chunk
		List<ChunkChoice> choices = chunk.choices();
		for (int i = 0; i < choices.size(); i++) {
			ChunkChoice choice = choices.get(i);
			ChoiceAccumulator target = (this.last != null && this.lastIndex == choice.index()) ? this.last
					: this.choices.computeIfAbsent(choice.index(), (index) -> new ChoiceAccumulator());
			this.last = target;
			this.lastIndex = choice.index();
			target.add(choice);
		}
	}

	/**
	 * Whether any reply content arrived: text, reasoning, refusal, tool calls or audio.
	 * @return {@code true} once something the model wrote has been received
	 */
	public boolean hasContent() {
		for (ChoiceAccumulator choice : this.choices.values()) {
			if (choice.hasContent()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether every choice seen so far has a finish reason.
	 * @return {@code true} if at least one choice arrived and all are finished
	 */
	public boolean isFinished() {
		if (this.choices.isEmpty()) {
			return false;
		}
		for (ChoiceAccumulator choice : this.choices.values()) {
			if (choice.finishReason() == null) {
				return false;
			}
		}
		return true;
	}

	/**
	 * How many chunks were added.
	 * @return the chunk count
	 */
	public int chunkCount() {
		return this.chunks;
	}

	/**
	 * The response as accumulated so far; can be called at any time, also to capture a
	 * partial reply. Once any choice has arrived, the first choice is the one with index
	 * 0, empty if none of its pieces has arrived yet: it is the choice whose text
	 * {@link ChatCompletionChunk#text()} streams, so the reply never holds another
	 * choice's text that was not streamed as the reply's. The other choices follow in
	 * index order.
	 * @return the completion
	 */
	public ChatCompletion toCompletion() {
		List<ChatCompletionChoice> built = new ArrayList<>(this.choices.size() + 1);
		if (!this.choices.isEmpty()) {
			ChoiceAccumulator first = this.choices.get(0);
			built.add(((first != null) ? first : new ChoiceAccumulator()).toChoice(0));
		}
		this.choices.forEach((index, choice) -> {
			if (index != 0) {
				built.add(choice.toChoice(index));
			}
		});
		return new ChatCompletion(this.id, "chat.completion", this.created, this.model, built, this.usage,
				this.systemFingerprint, this.serviceTier, (this.extra != null) ? this.extra : Map.of());
	}

	private void mergeExtra(Map<String, JsonNode> added) {
		added.forEach((name, value) -> {
			// OpenAI's per-chunk padding means nothing for the whole response
			if (!name.equals("obfuscation") && !value.isNull()) {
				if (this.extra == null) {
					this.extra = new LinkedHashMap<>();
				}
				this.extra.put(name, value);
			}
		});
	}

	private static @Nullable String firstNonEmpty(@Nullable String current, @Nullable String candidate) {
		return (current != null && !current.isEmpty()) ? current : candidate;
	}

}
