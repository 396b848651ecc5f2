package dev.chatconversation.client.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.FunctionCallDelta;
import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

import static dev.chatconversation.client.internal.JsonValues.append;
import static dev.chatconversation.client.internal.JsonValues.put;

/**
 * The fast path of {@link ChunkReader}: reads the chunks nearly every provider streams
 * (text, reasoning and refusal deltas, tool-call and function-call pieces whose arguments
 * are text, finish reasons, scalar extra fields such as OpenAI's {@code obfuscation})
 * straight from the bytes, without a Jackson parser.
 *
 * <p>
 * It takes only a strict subset of JSON and of the chunk's shapes, and answers
 * {@code null} for anything else: usage and logprobs objects, error events, audio,
 * content arrays, arguments given as JSON objects, numbers other than small non-negative
 * integers, escaped or non-ASCII property names, UTF-8 that is not well formed, and every
 * syntax error. The caller then reads that event with Jackson, which gives the chunk or
 * the documented failure. For everything it accepts it builds the same chunk as the
 * Jackson path, which the differential tests and the fuzz test check. Not thread-safe;
 * one per stream, sharing the stream's {@link RepeatedStrings}.
 */
final class ChunkScanner {

	private static final byte[] NO_INPUT = new byte[0];

	private static final int MAX_NAME_LENGTH = WireJson.mapper()
		.tokenStreamFactory()
		.streamReadConstraints()
		.getMaxNameLength();

	private static final int MAX_STRING_LENGTH = WireJson.mapper()
		.tokenStreamFactory()
		.streamReadConstraints()
		.getMaxStringLength();

	// property names the chunk, choice and delta readers know; any other is unmodelled
	private static final int OTHER = -1;

	private static final int ID = 0;

	private static final int OBJECT = 1;

	private static final int CREATED = 2;

	private static final int MODEL = 3;

	private static final int FINGERPRINT = 4;

	private static final int TIER = 5;

	private static final int CHOICES = 6;

	private static final int USAGE = 7;

	private static final int ERROR = 8;

	private static final int INDEX = 9;

	private static final int DELTA = 10;

	private static final int LOGPROBS = 11;

	private static final int FINISH_REASON = 12;

	private static final int ROLE = 13;

	private static final int CONTENT = 14;

	private static final int REASONING_CONTENT = 15;

	private static final int REASONING = 16;

	private static final int REFUSAL = 17;

	private static final int TOOL_CALLS = 18;

	private static final int FUNCTION_CALL = 19;

	private static final int AUDIO = 20;

	private static final int TYPE = 21;

	private static final int FUNCTION = 22;

	private static final int NAME = 23;

	private static final int ARGUMENTS = 24;

	/** Thrown, without a stack trace, when the event leaves the subset. */
	private static final RuntimeException NOT_MINE = new RuntimeException("not on the fast path", null, false, false) {
	};

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final String[] NAME_STRINGS = { "id", "object", "created", "model", "system_fingerprint",
			"service_tier", "choices", "usage", "error", "index", "delta", "logprobs", "finish_reason", "role",
			"content", "reasoning_content", "reasoning", "refusal", "tool_calls", "function_call", "audio", "type",
			"function", "name", "arguments" };

	private static final byte[][] NAMES = bytes(NAME_STRINGS);

	private static final byte[] NULL = bytes("null")[0];

	private static final byte[] TRUE = bytes("true")[0];

	private static final byte[] FALSE = bytes("false")[0];

	private final RepeatedStrings strings;

	private byte[] lastOtherBytes = NO_INPUT;

	private String lastOtherName = "";

	private byte[] in = NO_INPUT;

	private int pos;

	private int end;

	// the last string scanned: where its content lies and what it holds
	private int stringStart;

	private int stringEnd;

	private boolean stringEscaped;

	private boolean stringAscii;

	ChunkScanner(RepeatedStrings strings) {
		this.strings = strings;
	}

	/**
	 * Reads one event's data, if it lies in the subset.
	 * @param data the array
	 * @param offset where the data starts
	 * @param length its length
	 * @return the chunk, or {@code null} for the Jackson path
	 */
	@Nullable ChatCompletionChunk read(byte[] data, int offset, int length) {
		this.in = data;
		this.pos = offset;
		this.end = offset + length;
		try {
			ChatCompletionChunk chunk = chunk();
			skipWhiteSpace();
			return (this.pos == this.end) ? chunk : null;
		}
		catch (RuntimeException ex) {
			if (ex != NOT_MINE) {
				throw ex;
			}
			return null;
		}
		finally {
			// an open stream must not keep its last read alive between events
			this.in = NO_INPUT;
		}
	}

	private ChatCompletionChunk chunk() {
		skipWhiteSpace();
		expect('{');
		String id = null;
		String object = null;
		Long created = null;
		String model = null;
		String fingerprint = null;
		String tier = null;
		List<ChunkChoice> choices = List.of();
		Map<String, JsonNode> extra = null;
		if (!emptyObject()) {
			do {
				int name = name();
				switch (name) {
					case ID -> id = repeated(0);
					case OBJECT -> object = repeated(1);
					case CREATED -> created = created();
					case MODEL -> model = repeated(2);
					case FINGERPRINT -> fingerprint = repeated(3);
					case TIER -> tier = repeated(4);
					case CHOICES -> choices = objects(this::choice);
					case USAGE, ERROR -> expectNull();
					default -> extra = put(extra, otherName(name), scalar());
				}
			}
			while (nextMember());
		}
		if ("error".equals(object)) {
			// vLLM's error event: the Jackson path raises it
			throw NOT_MINE;
		}
		return new ChatCompletionChunk(id, object, created, model, choices, null, fingerprint, tier,
				(extra != null) ? extra : Map.of());
	}

	/**
	 * An array of objects, or {@code null} for none: each object's members are read by
	 * {@code members}, after its opening brace.
	 */
	private <T> List<T> objects(Supplier<T> members) {
		if (literalNull()) {
			return List.of();
		}
		expect('[');
		skipWhiteSpace();
		if (peek() == ']') {
			this.pos++;
			return List.of();
		}
		List<T> objects = null;
		while (true) {
			expect('{');
			objects = append(objects, members.get());
			skipWhiteSpace();
			byte next = next();
			if (next == ']') {
				return objects;
			}
			if (next != ',') {
				throw NOT_MINE;
			}
			skipWhiteSpace();
		}
	}

	private ChunkChoice choice() {
		int index = 0;
		Delta delta = Delta.EMPTY;
		String finishReason = null;
		Map<String, JsonNode> extra = null;
		if (!emptyObject()) {
			do {
				int name = name();
				switch (name) {
					case INDEX -> index = literalNull() ? 0 : (int) integer(9);
					case DELTA -> delta = literalNull() ? Delta.EMPTY : delta();
					case LOGPROBS -> expectNull();
					case FINISH_REASON -> finishReason = repeated(5);
					default -> extra = put(extra, otherName(name), scalar());
				}
			}
			while (nextMember());
		}
		return new ChunkChoice(index, delta, null, finishReason, (extra != null) ? extra : Map.of());
	}

	private Delta delta() {
		expect('{');
		String role = null;
		String content = null;
		String reasoning = null;
		String vllmReasoning = null;
		String refusal = null;
		List<ToolCallDelta> toolCalls = List.of();
		FunctionCallDelta functionCall = null;
		Map<String, JsonNode> extra = null;
		if (!emptyObject()) {
			do {
				int name = name();
				switch (name) {
					case ROLE -> role = repeated(6);
					case CONTENT -> content = text();
					case REASONING_CONTENT -> reasoning = text();
					case REASONING -> vllmReasoning = text();
					case REFUSAL -> refusal = text();
					case TOOL_CALLS -> toolCalls = objects(this::toolCall);
					case FUNCTION_CALL -> functionCall = literalNull() ? null : function();
					case AUDIO -> expectNull();
					default -> extra = put(extra, otherName(name), scalar());
				}
			}
			while (nextMember());
		}
		return new Delta(role, content, (reasoning != null) ? reasoning : vllmReasoning, refusal, toolCalls,
				functionCall, null, (extra != null) ? extra : Map.of());
	}

	private ToolCallDelta toolCall() {
		Integer index = null;
		String id = null;
		String type = null;
		FunctionCallDelta function = null;
		Map<String, JsonNode> extra = null;
		if (!emptyObject()) {
			do {
				int name = name();
				switch (name) {
					case INDEX -> index = literalNull() ? null : Integer.valueOf((int) integer(9));
					case ID -> id = text();
					case TYPE -> type = repeated(7);
					case FUNCTION -> function = literalNull() ? null : function();
					default -> extra = put(extra, otherName(name), scalar());
				}
			}
			while (nextMember());
		}
		return new ToolCallDelta(index, id, type, function, (extra != null) ? extra : Map.of());
	}

	/** A function call or a tool call's function: its arguments must be a string here. */
	private FunctionCallDelta function() {
		expect('{');
		String name = null;
		String arguments = null;
		Map<String, JsonNode> extra = null;
		if (!emptyObject()) {
			do {
				int field = name();
				switch (field) {
					case NAME -> name = text();
					case ARGUMENTS -> arguments = text();
					default -> extra = put(extra, otherName(field), scalar());
				}
			}
			while (nextMember());
		}
		return new FunctionCallDelta(name, arguments, (extra != null) ? extra : Map.of());
	}

	/** After an object's opening brace: whether it closes at once. */
	private boolean emptyObject() {
		skipWhiteSpace();
		if (peek() == '}') {
			this.pos++;
			return true;
		}
		return false;
	}

	/** After a member's value: whether another member follows (its name is next). */
	private boolean nextMember() {
		skipWhiteSpace();
		byte next = next();
		if (next == ',') {
			skipWhiteSpace();
			return true;
		}
		if (next == '}') {
			return false;
		}
		throw NOT_MINE;
	}

	/**
	 * Reads a property name and its colon: a known name's number, or {@link #OTHER} with
	 * the name's bytes left in {@link #stringStart}/{@link #stringEnd}.
	 */
	private int name() {
		expect('"');
		int start = this.pos;
		byte[] in = this.in;
		int at = start;
		int end = this.end;
		while (true) {
			if (at >= end) {
				throw NOT_MINE;
			}
			byte b = in[at];
			if (b == '"') {
				break;
			}
			if (b == '\\' || b < 0x20) {
				// escaped or non-ASCII (negative) names go to Jackson
				throw NOT_MINE;
			}
			at++;
		}
		int length = at - start;
		if (length > MAX_NAME_LENGTH) {
			throw NOT_MINE;
		}
		this.stringStart = start;
		this.stringEnd = at;
		this.pos = at + 1;
		skipWhiteSpace();
		expect(':');
		skipWhiteSpace();
		return known(in, start, length);
	}

	/**
	 * Which known name the bytes spell, by length and first letter, or {@link #OTHER}.
	 */
	private static int known(byte[] in, int start, int length) {
		int candidate = switch (length) {
			case 2 -> ID;
			case 4 -> switch (in[start]) {
				case 'r' -> ROLE;
				case 't' -> TYPE;
				case 'n' -> NAME;
				default -> OTHER;
			};
			case 5 -> switch (in[start]) {
				case 'm' -> MODEL;
				case 'u' -> USAGE;
				case 'e' -> ERROR;
				case 'i' -> INDEX;
				case 'd' -> DELTA;
				case 'a' -> AUDIO;
				default -> OTHER;
			};
			case 6 -> OBJECT;
			case 7 -> switch (in[start + 2]) {
				case 'e' -> CREATED;
				case 'o' -> CHOICES;
				case 'n' -> CONTENT;
				case 'f' -> REFUSAL;
				default -> OTHER;
			};
			case 8 -> (in[start] == 'l') ? LOGPROBS : FUNCTION;
			case 9 -> (in[start] == 'r') ? REASONING : ARGUMENTS;
			case 10 -> TOOL_CALLS;
			case 12 -> TIER;
			case 13 -> (in[start] == 'f' && in[start + 1] == 'i') ? FINISH_REASON : FUNCTION_CALL;
			case 17 -> REASONING_CONTENT;
			case 18 -> FINGERPRINT;
			default -> OTHER;
		};
		if (candidate == OTHER) {
			return OTHER;
		}
		byte[] name = NAMES[candidate];
		for (int i = 0; i < length; i++) {
			if (in[start + i] != name[i]) {
				return OTHER;
			}
		}
		return candidate;
	}

	/**
	 * The name of an unmodelled member (a known name in the wrong object is one too). The
	 * last one is kept, since the same field (OpenAI's {@code obfuscation}) comes on
	 * every chunk.
	 */
	private String otherName(int name) {
		if (name != OTHER) {
			return NAME_STRINGS[name];
		}
		int start = this.stringStart;
		int end = this.stringEnd;
		byte[] last = this.lastOtherBytes;
		if (last.length != end - start || !Arrays.equals(this.in, start, end, last, 0, last.length)) {
			this.lastOtherBytes = Arrays.copyOfRange(this.in, start, end);
			this.lastOtherName = new String(this.lastOtherBytes, StandardCharsets.ISO_8859_1);
		}
		return this.lastOtherName;
	}

	/** A value kept in an {@code extra} map: a string, {@code null} or a boolean. */
	private JsonNode scalar() {
		byte first = peek();
		if (first == '"') {
			return StringNode.valueOf(string());
		}
		if (literalNull()) {
			return NullNode.getInstance();
		}
		if (literal(TRUE)) {
			return BooleanNode.TRUE;
		}
		if (literal(FALSE)) {
			return BooleanNode.FALSE;
		}
		throw NOT_MINE;
	}

	/** A text field: a string or {@code null}. */
	private @Nullable String text() {
		return literalNull() ? null : string();
	}

	/**
	 * A value that repeats from chunk to chunk (id, model, ...): a string or null. The
	 * last value's bytes are compared in place first, so a repeat is never scanned.
	 */
	private @Nullable String repeated(int slot) {
		if (literal(NULL)) {
			return null;
		}
		expect('"');
		String same = this.strings.repeatsAt(slot, this.in, this.pos, this.end);
		if (same != null) {
			this.pos += same.length() + 1;
			return same;
		}
		this.pos--;
		scanString();
		return this.strings.remember(slot, decode());
	}

	private @Nullable Long created() {
		if (literalNull()) {
			return null;
		}
		return this.strings.created(integer(18));
	}

	/**
	 * A non-negative integer of at most {@code maxDigits} digits, without leading zeros
	 * or a fraction or exponent (those go to Jackson).
	 */
	private long integer(int maxDigits) {
		byte[] in = this.in;
		int start = this.pos;
		int at = start;
		long value = 0;
		while (at < this.end) {
			byte b = in[at];
			if (b < '0' || b > '9') {
				break;
			}
			value = value * 10 + (b - '0');
			at++;
		}
		int digits = at - start;
		if (digits == 0 || digits > maxDigits || (digits > 1 && in[start] == '0')) {
			throw NOT_MINE;
		}
		if (at < this.end) {
			byte next = in[at];
			if (next == '.' || next == 'e' || next == 'E') {
				throw NOT_MINE;
			}
		}
		this.pos = at;
		return value;
	}

	private String string() {
		scanString();
		return decode();
	}

	/** Scans a string value, leaving where it lies and what it holds in the fields. */
	private void scanString() {
		expect('"');
		byte[] in = this.in;
		int start = this.pos;
		int at = start;
		boolean escaped = false;
		boolean ascii = true;
		int end = this.end;
		while (true) {
			// eight plain characters at a time: no quote, backslash, control or non-ASCII
			while (at + 8 <= end && plainWord((long) WORDS.get(in, at))) {
				at += 8;
			}
			if (at >= end) {
				throw NOT_MINE;
			}
			byte b = in[at];
			if (b == '"') {
				break;
			}
			if (b == '\\') {
				escaped = true;
				// the escaped character is checked when decoding; it may be a quote
				at += 2;
				continue;
			}
			if (b < 0x20) {
				if (b >= 0) {
					// an unescaped control character: Jackson's error
					throw NOT_MINE;
				}
				ascii = false;
			}
			at++;
		}
		if (at - start > MAX_STRING_LENGTH) {
			throw NOT_MINE;
		}
		this.stringStart = start;
		this.stringEnd = at;
		this.stringEscaped = escaped;
		this.stringAscii = ascii;
		this.pos = at + 1;
	}

	/** The last scanned string's value. */
	private String decode() {
		int start = this.stringStart;
		int length = this.stringEnd - start;
		if (!this.stringEscaped) {
			if (this.stringAscii) {
				return new String(this.in, start, length, StandardCharsets.ISO_8859_1);
			}
			if (!Utf8.wellFormed(this.in, start, this.stringEnd)) {
				throw NOT_MINE;
			}
			return new String(this.in, start, length, StandardCharsets.UTF_8);
		}
		String value = Utf8.unescape(this.in, start, this.stringEnd);
		if (value == null) {
			throw NOT_MINE;
		}
		return value;
	}

	private void expectNull() {
		if (!literalNull()) {
			throw NOT_MINE;
		}
	}

	private boolean literalNull() {
		return literal(NULL);
	}

	/** Reads a literal if it is next, followed by a character that ends a value. */
	private boolean literal(byte[] word) {
		byte[] in = this.in;
		int at = this.pos;
		int length = word.length;
		if (at + length > this.end) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (in[at + i] != word[i]) {
				return false;
			}
		}
		if (at + length < this.end && !endsValue(in[at + length])) {
			// "nullx", "true1": Jackson's error
			throw NOT_MINE;
		}
		this.pos = at + length;
		return true;
	}

	/**
	 * Whether none of the eight bytes is a quote, a backslash, below 0x20 or above 0x7F.
	 */
	private static boolean plainWord(long word) {
		long special = zeroByte(word ^ 0x2222222222222222L) | zeroByte(word ^ 0x5C5C5C5C5C5C5C5CL)
				| ((word - 0x2020202020202020L) & ~word) | word;
		return (special & 0x8080808080808080L) == 0;
	}

	/** Sets a byte's high bit where the word may hold a zero byte (never misses one). */
	private static long zeroByte(long word) {
		return (word - 0x0101010101010101L) & ~word;
	}

	private static boolean endsValue(byte b) {
		return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	private byte next() {
		byte next = peek();
		this.pos++;
		return next;
	}

	private byte peek() {
		if (this.pos >= this.end) {
			throw NOT_MINE;
		}
		return this.in[this.pos];
	}

	private void expect(char c) {
		if (this.pos >= this.end || this.in[this.pos] != c) {
			throw NOT_MINE;
		}
		this.pos++;
	}

	private void skipWhiteSpace() {
		byte[] in = this.in;
		int at = this.pos;
		while (at < this.end) {
			byte b = in[at];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				break;
			}
			at++;
		}
		this.pos = at;
	}

	private static byte[][] bytes(String... names) {
		byte[][] bytes = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
