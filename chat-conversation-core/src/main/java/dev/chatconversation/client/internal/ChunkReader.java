package dev.chatconversation.client.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChoiceLogprobs;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.base.ParserBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static dev.chatconversation.client.internal.JsonValues.append;
import static dev.chatconversation.client.internal.JsonValues.put;
import static dev.chatconversation.client.internal.JsonValues.tree;
import static dev.chatconversation.client.internal.JsonValues.value;

/**
 * Reads stream events' JSON into {@link ChatCompletionChunk}s with Jackson's streaming
 * parser, without building a tree for the common fields.
 *
 * <p>
 * Provider variants are normalised here: Mistral's content arrays (text and
 * {@code thinking} parts) and vLLM's {@code reasoning} field. An {@code error} object, or
 * vLLM's {@code {"object": "error"}}, raises {@link StreamErrorEventException}. Values
 * that repeat on every chunk (id, model, created, ...) are shared with the previous chunk
 * instead of being copied again. An instance serves one stream and is not thread-safe.
 *
 * <p>
 * Most events never meet Jackson: {@link ChunkScanner} reads the common chunks straight
 * from the bytes and declines the rest, which Jackson's streaming parser then reads.
 * Creating a parser costs more than reading a small chunk with it, so
 * {@link #readAll(byte[], int[], int, Consumer)} reads the declined event and those after
 * it in one network read with one parser; each event must still hold exactly one whole
 * object.
 */
public final class ChunkReader {

	// parsers without a binding context are cheaper to create; the few nested objects
	// are bound by readers
	private static final TokenStreamFactory PARSERS = WireJson.mapper().tokenStreamFactory();

	private static final ObjectReader USAGE = JsonValues.nested(Usage.class);

	private static final ObjectReader LOGPROBS = JsonValues.nested(ChoiceLogprobs.class);

	// how many events read one by one, or network reads, go straight to Jackson after the
	// fast path declines an event
	private static final int PARSED_AFTER_DECLINED = 16;

	private final RepeatedStrings strings = new RepeatedStrings();

	private final DeltaReader deltas = new DeltaReader(this.strings);

	private final ChunkScanner scanner = new ChunkScanner(this.strings);

	private final boolean fastPath;

	// reads that skipped the fast path since it last declined an event
	private int parsedSinceDeclined = PARSED_AFTER_DECLINED;

	private long scanned;

	private int events;

	// what the current parser reads, for comparing repeated values undecoded
	private static final byte[] NO_INPUT = new byte[0];

	private byte[] input = NO_INPUT;

	private int base;

	/** A reader for one stream. */
	public ChunkReader() {
		this(true);
	}

	/**
	 * A reader for one stream.
	 * @param fastPath whether to try {@link ChunkScanner} first (the tests compare both
	 * ways)
	 */
	ChunkReader(boolean fastPath) {
		this.fastPath = fastPath;
	}

	/**
	 * Reads an event's data.
	 * @param data the array holding the UTF-8 JSON
	 * @param offset where the JSON starts
	 * @param length its length in bytes
	 * @return the chunk
	 * @throws ChunkFormatException if the data is not a chunk object
	 * @throws StreamErrorEventException if the event reports an error
	 */
	public ChatCompletionChunk read(byte[] data, int offset, int length) {
		this.events++;
		ChatCompletionChunk chunk = scan(data, offset, length);
		return (chunk != null) ? chunk : parse(data, offset, length);
	}

	/** Reads an event with a parser of its own. */
	private ChatCompletionChunk parse(byte[] data, int offset, int length) {
		this.input = data;
		this.base = offset;
		try (JsonParser parser = PARSERS.createParser(ObjectReadContext.empty(), data, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new ChunkFormatException(this.events, "expected a JSON object", null);
			}
			ChatCompletionChunk chunk = readChunk(parser);
			if (parser.nextToken() != null) {
				// two chunks glued into one event (a lost blank line) must not lose one
				throw new ChunkFormatException(this.events, "unexpected content after the chunk object", null);
			}
			return chunk;
		}
		catch (JacksonException ex) {
			throw new ChunkFormatException(this.events, ex.getOriginalMessage(), ex);
		}
		finally {
			// an open stream must not keep its last read alive between events
			this.input = NO_INPUT;
		}
	}

	/**
	 * The fast path, unless it has just declined an event of this stream: a stream whose
	 * chunks it does not take (logprobs on every chunk, say) then goes to Jackson for a
	 * while without paying for each attempt.
	 */
	private @Nullable ChatCompletionChunk scan(byte[] data, int offset, int length) {
		if (!this.fastPath) {
			return null;
		}
		if (this.parsedSinceDeclined < PARSED_AFTER_DECLINED) {
			this.parsedSinceDeclined++;
			return null;
		}
		ChatCompletionChunk chunk = this.scanner.read(data, offset, length);
		if (chunk == null) {
			this.parsedSinceDeclined = 0;
		}
		else {
			this.scanned++;
		}
		return chunk;
	}

	/** How many events the fast path has read (for the tests). */
	long scanned() {
		return this.scanned;
	}

	/**
	 * Reads several events whose data lie one after the other in one array, each followed
	 * by at least one byte of white space. Every chunk is delivered before the next event
	 * is read, so a failure comes after the chunks of the events before it. The events
	 * the fast path does not take, and those after them, are read with one parser.
	 * @param data the array
	 * @param bounds for event {@code i}, where its data starts ({@code bounds[2 * i]})
	 * and ends ({@code bounds[2 * i + 1]})
	 * @param count the number of events
	 * @param sink receives the chunks in order
	 * @throws ChunkFormatException if an event is not a chunk object
	 * @throws StreamErrorEventException if an event reports an error
	 */
	public void readAll(byte[] data, int[] bounds, int count, Consumer<ChatCompletionChunk> sink) {
		for (int i = 0; i < count; i++) {
			int start = bounds[2 * i];
			int end = trimmedEnd(data, start, bounds[2 * i + 1]);
			ChatCompletionChunk chunk = (end > start) ? scan(data, start, end - start) : null;
			if (chunk == null) {
				parseAll(data, bounds, i, count, sink);
				return;
			}
			this.events++;
			sink.accept(chunk);
		}
	}

	/** Reads events {@code from} to {@code count} of {@link #readAll} with one parser. */
	private void parseAll(byte[] data, int[] bounds, int from, int count, Consumer<ChatCompletionChunk> sink) {
		int base = bounds[2 * from];
		this.input = data;
		this.base = base;
		try (JsonParser parser = PARSERS.createParser(ObjectReadContext.empty(), data, base,
				bounds[2 * count - 1] - base)) {
			for (int i = from; i < count; i++) {
				this.events++;
				int start = bounds[2 * i];
				int end = trimmedEnd(data, start, bounds[2 * i + 1]);
				if (end == start || parser.nextToken() != JsonToken.START_OBJECT) {
					throw new ChunkFormatException(this.events, "expected a JSON object", null);
				}
				ChatCompletionChunk chunk = readChunk(parser);
				// each object must end exactly where its event does: one event's broken
				// JSON must not borrow the next event's bytes, nor hide a second object
				long position = endOfObject(parser, data, base);
				if (position > end || parser.currentToken() != JsonToken.END_OBJECT) {
					throw new ChunkFormatException(this.events, "the event ends inside the chunk object", null);
				}
				if (position < end) {
					throw new ChunkFormatException(this.events, "unexpected content after the chunk object", null);
				}
				sink.accept(chunk);
			}
		}
		catch (JacksonException ex) {
			throw new ChunkFormatException(this.events, ex.getOriginalMessage(), ex);
		}
		finally {
			this.input = NO_INPUT;
		}
	}

	/**
	 * Where in the array the object just read ends. The parser reports the position after
	 * the closing brace, counted from where it started reading ({@code base}); that is
	 * checked, and a parser that reports positions otherwise is asked for its location
	 * instead.
	 */
	private static long endOfObject(JsonParser parser, byte[] data, int base) {
		if (parser instanceof ParserBase located) {
			long end = base + located.getTokenCharacterOffset();
			if (end >= 1 && end <= data.length && data[(int) end - 1] == '}') {
				return end;
			}
		}
		return base + parser.currentLocation().getByteOffset();
	}

	/** Where the data ends without its trailing white space. */
	private static int trimmedEnd(byte[] data, int offset, int end) {
		int last = end;
		while (last > offset) {
			byte b = data[last - 1];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				break;
			}
			last--;
		}
		return last;
	}

	private ChatCompletionChunk readChunk(JsonParser parser) {
		String id = null;
		String object = null;
		Long created = null;
		String model = null;
		String fingerprint = null;
		String tier = null;
		List<ChunkChoice> choices = List.of();
		Usage usage = null;
		JsonNode error = null;
		Map<String, JsonNode> extra = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "id" -> id = this.strings.read(parser, 0, this.input, this.base);
				case "object" -> object = this.strings.read(parser, 1, this.input, this.base);
				case "created" -> created = created(parser, token);
				case "model" -> model = this.strings.read(parser, 2, this.input, this.base);
				case "system_fingerprint" -> fingerprint = this.strings.read(parser, 3, this.input, this.base);
				case "service_tier" -> tier = this.strings.read(parser, 4, this.input, this.base);
				case "choices" -> choices = readChoices(parser);
				case "usage" -> usage = (token == JsonToken.START_OBJECT) ? USAGE.readValue(parser) : null;
				case "error" -> error = (token != JsonToken.VALUE_NULL) ? tree(parser) : null;
				default -> extra = put(extra, name, value(parser, token));
			}
		}
		if (error != null) {
			throw new StreamErrorEventException(error);
		}
		if ("error".equals(object)) {
			throw new StreamErrorEventException(vllmError(extra));
		}
		return new ChatCompletionChunk(id, object, created, model, choices, usage, fingerprint, tier,
				(extra != null) ? extra : Map.of());
	}

	/** The creation time, the same on every chunk, boxed once per stream. */
	private @Nullable Long created(JsonParser parser, JsonToken token) {
		if (token != JsonToken.VALUE_NUMBER_INT) {
			return null;
		}
		return this.strings.created(parser.getLongValue());
	}

	private List<ChunkChoice> readChoices(JsonParser parser) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			parser.skipChildren();
			return List.of();
		}
		List<ChunkChoice> choices = null;
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			choices = append(choices, readChoice(parser));
		}
		return (choices != null) ? choices : List.of();
	}

	private ChunkChoice readChoice(JsonParser parser) {
		int index = 0;
		Delta delta = Delta.EMPTY;
		ChoiceLogprobs logprobs = null;
		String finishReason = null;
		Map<String, JsonNode> extra = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "index" -> index = (token == JsonToken.VALUE_NUMBER_INT) ? parser.getIntValue() : 0;
				case "delta" -> delta = (token == JsonToken.START_OBJECT)
						? this.deltas.read(parser, this.input, this.base) : Delta.EMPTY;
				case "logprobs" -> logprobs = (token == JsonToken.START_OBJECT) ? LOGPROBS.readValue(parser) : null;
				case "finish_reason" -> finishReason = this.strings.read(parser, 5, this.input, this.base);
				default -> extra = put(extra, name, value(parser, token));
			}
		}
		return new ChunkChoice(index, delta, logprobs, finishReason, (extra != null) ? extra : Map.of());
	}

	private static JsonNode vllmError(@Nullable Map<String, JsonNode> fields) {
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		if (fields != null) {
			fields.forEach(error::set);
		}
		return error;
	}

}
