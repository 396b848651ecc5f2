package dev.chatconversation.message;

import java.io.StringWriter;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes message lists as the JSON array the Chat Completions API's
 * {@code messages} field takes.
 *
 * <p>
 * Reading checks the format and reports problems as {@link InvalidConversationException}.
 * Writing keeps every field, including those the library does not model; UTF-8 text is
 * written as is, not escaped.
 */
public final class MessageJson {

	// Floats are read as BigDecimal so that numbers in unmodelled fields are written back
	// exactly: as doubles, 0.1000000000000000055511 would become 0.1 and 1e400
	// "Infinity".
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	// the layout of Python's json.dump(indent=2): "name": value, arrays indented like
	// objects
	private static final JsonMapper PRETTY = MAPPER.rebuild()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.defaultPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
			.withObjectNameValueSpacing(Separators.Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("")).withArrayIndenter(new DefaultIndenter("  ", "\n"))
			.withObjectIndenter(new DefaultIndenter("  ", "\n")))
		.build();

	private static final MessageWriter HISTORY_WRITER = new MessageWriter(false);

	private static final MessageWriter REQUEST_WRITER = new MessageWriter(true);

	private MessageJson() {
	}

	/**
	 * Reads a JSON array of messages.
	 * @param json the JSON text
	 * @param source where the text came from (a file path, for instance), named in
	 * errors; {@code null} for an anonymous text
	 * @return the messages, in order
	 * @throws InvalidConversationException if the text is not a valid message list
	 */
	public static List<Message> readList(String json, @Nullable String source) {
		return new MessageReader(source).readList(readTree(json, source));
	}

	/**
	 * Reads a JSON array of messages from UTF-8 bytes.
	 * @param json the JSON bytes
	 * @param source where the bytes came from, named in errors
	 * @return the messages, in order
	 * @throws InvalidConversationException if the bytes are not a valid message list
	 */
	public static List<Message> readList(byte[] json, @Nullable String source) {
		return new MessageReader(source).readList(readTree(json, source));
	}

	/**
	 * Reads one message from a JSON tree.
	 * @param node the message object
	 * @return the message
	 * @throws InvalidConversationException if the object is not a valid message
	 */
	public static Message read(JsonNode node) {
		return new MessageReader(null).readMessage(node, "$");
	}

	/**
	 * Reads one message from its JSON text, as {@link #write(Message)} writes it.
	 * @param json the message object's JSON text
	 * @param source where the text came from, named in errors
	 * @return the message
	 * @throws InvalidConversationException if the text is not a valid message
	 */
	public static Message read(String json, @Nullable String source) {
		return new MessageReader(source).readMessage(readTree(json, source), "$");
	}

	/**
	 * Writes one message as compact JSON with every field, as a saved history has it.
	 * @param message the message
	 * @return the JSON text of the message object
	 */
	public static String write(Message message) {
		StringWriter out = new StringWriter(256);
		try (JsonGenerator generator = MAPPER.createGenerator(out)) {
			HISTORY_WRITER.write(generator, message);
		}
		return out.toString();
	}

	/**
	 * Writes messages as a JSON array with every field, as a saved history has them.
	 * @param messages the messages
	 * @param pretty whether to indent the output for people to read
	 * @return the JSON text
	 */
	public static String writeList(List<? extends Message> messages, boolean pretty) {
		StringWriter out = new StringWriter(Math.max(64, messages.size() * 256));
		try (JsonGenerator generator = (pretty ? PRETTY : MAPPER).createGenerator(out)) {
			HISTORY_WRITER.writeList(generator, messages);
		}
		return out.toString();
	}

	/**
	 * Writes a message list to a generator.
	 * @param generator the generator, positioned where a value may be written
	 * @param messages the messages
	 * @param forRequest whether the list goes into a request, in which case fields local
	 * to the history ({@code finish_reason}, {@code incomplete}) and the response-only
	 * parts of assistant audio are left out
	 */
	public static void writeList(JsonGenerator generator, List<? extends Message> messages, boolean forRequest) {
		(forRequest ? REQUEST_WRITER : HISTORY_WRITER).writeList(generator, messages);
	}

	/**
	 * Writes one message to a generator.
	 * @param generator the generator
	 * @param message the message
	 * @param forRequest whether the message goes into a request (see
	 * {@link #writeList(JsonGenerator, List, boolean)})
	 */
	public static void write(JsonGenerator generator, Message message, boolean forRequest) {
		(forRequest ? REQUEST_WRITER : HISTORY_WRITER).write(generator, message);
	}

	private static JsonNode readTree(String json, @Nullable String source) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw notJson(ex, source);
		}
	}

	private static JsonNode readTree(byte[] json, @Nullable String source) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw notJson(ex, source);
		}
	}

	private static InvalidConversationException notJson(JacksonException ex, @Nullable String source) {
		String where = "";
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			where = " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
		}
		String problem = (ex instanceof MismatchedInputException) ? "there is more text after the message array"
				: ex.getOriginalMessage();
		return new InvalidConversationException(source, -1, "$", "the text is not valid JSON" + where + ": " + problem,
				ex);
	}

	static JsonParser parser(String json) {
		return MAPPER.createParser(json);
	}

}
