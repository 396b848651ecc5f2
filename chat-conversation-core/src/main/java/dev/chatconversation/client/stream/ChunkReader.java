package dev.chatconversation.client.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionChunk.ChunkChoice;
import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.FunctionCallDelta;
import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import dev.chatconversation.client.model.ChoiceLogprobs;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads one stream event's JSON into a {@link ChatCompletionChunk} with Jackson's
 * streaming parser, without building a tree for the common fields.
 *
 * <p>
 * Provider variants are normalised here: Mistral's content arrays (text and
 * {@code thinking} parts) and vLLM's {@code reasoning} field. An {@code error} object, or
 * vLLM's {@code {"object": "error"}}, raises {@link StreamErrorEventException}. Values
 * that repeat on every chunk (id, model, ...) are shared with the previous chunk instead
 * of being copied again. An instance serves one stream and is not thread-safe.
 */
public final class ChunkReader {

	private final RepeatedStrings strings = new RepeatedStrings();

	private int events;

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
		try (JsonParser parser = WireJson.mapper().createParser(data, offset, length)) {
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
				case "id" -> id = this.strings.read(parser, 0);
				case "object" -> object = this.strings.read(parser, 1);
				case "created" -> created = (token == JsonToken.VALUE_NUMBER_INT) ? parser.getLongValue() : null;
				case "model" -> model = this.strings.read(parser, 2);
				case "system_fingerprint" -> fingerprint = this.strings.read(parser, 3);
				case "service_tier" -> tier = this.strings.read(parser, 4);
				case "choices" -> choices = readChoices(parser);
				case "usage" -> usage = (token == JsonToken.START_OBJECT) ? parser.readValueAs(Usage.class) : null;
				case "error" -> error = (token != JsonToken.VALUE_NULL) ? parser.readValueAsTree() : null;
				default -> extra = put(extra, name, parser.readValueAsTree());
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

	private List<ChunkChoice> readChoices(JsonParser parser) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			parser.skipChildren();
			return List.of();
		}
		List<ChunkChoice> choices = null;
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			ChunkChoice choice = readChoice(parser);
			if (choices == null) {
				choices = new ArrayList<>(1);
			}
			choices.add(choice);
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
				case "delta" -> delta = (token == JsonToken.START_OBJECT) ? readDelta(parser) : Delta.EMPTY;
				case "logprobs" ->
					logprobs = (token == JsonToken.START_OBJECT) ? parser.readValueAs(ChoiceLogprobs.class) : null;
				case "finish_reason" -> finishReason = this.strings.read(parser, 5);
				default -> extra = put(extra, name, parser.readValueAsTree());
			}
		}
		return new ChunkChoice(index, delta, logprobs, finishReason, (extra != null) ? extra : Map.of());
	}

	private Delta readDelta(JsonParser parser) {
		DeltaFields fields = new DeltaFields();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "role" -> fields.role = this.strings.read(parser, 6);
				case "content" -> readContent(parser, token, fields);
				case "reasoning_content" -> fields.reasoning = text(parser);
				case "reasoning" -> fields.vllmReasoning = text(parser);
				case "refusal" -> fields.refusal = text(parser);
				case "tool_calls" -> fields.toolCalls = readToolCalls(parser);
				case "function_call" ->
					fields.functionCall = (token == JsonToken.START_OBJECT) ? readFunction(parser) : null;
				case "audio" -> fields.audio = (token != JsonToken.VALUE_NULL) ? parser.readValueAsTree() : null;
				default -> fields.extra = put(fields.extra, name, parser.readValueAsTree());
			}
		}
		return fields.toDelta();
	}

	private void readContent(JsonParser parser, JsonToken token, DeltaFields fields) {
		if (token != JsonToken.START_ARRAY) {
			fields.content = text(parser);
			return;
		}
		JsonNode parts = parser.readValueAsTree();
		StringBuilder text = new StringBuilder();
		StringBuilder thinking = new StringBuilder();
		for (JsonNode part : parts) {
			String type = part.path("type").asString("");
			if (type.equals("text")) {
				text.append(part.path("text").asString(""));
			}
			else if (type.equals("thinking")) {
				JsonNode pieces = part.path("thinking");
				if (pieces.isString()) {
					thinking.append(pieces.stringValue());
				}
				for (JsonNode piece : pieces) {
					thinking.append(piece.path("text").asString(""));
				}
			}
		}
		fields.content = text.isEmpty() ? null : text.toString();
		fields.thinking = thinking.isEmpty() ? null : thinking.toString();
	}

	private List<ToolCallDelta> readToolCalls(JsonParser parser) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			parser.skipChildren();
			return List.of();
		}
		List<ToolCallDelta> calls = null;
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			if (calls == null) {
				calls = new ArrayList<>(1);
			}
			calls.add(readToolCall(parser));
		}
		return (calls != null) ? calls : List.of();
	}

	private ToolCallDelta readToolCall(JsonParser parser) {
		Integer index = null;
		String id = null;
		String type = null;
		FunctionCallDelta function = null;
		Map<String, JsonNode> extra = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "index" -> index = (token == JsonToken.VALUE_NUMBER_INT) ? parser.getIntValue() : null;
				case "id" -> id = text(parser);
				case "type" -> type = this.strings.read(parser, 7);
				case "function" -> function = (token == JsonToken.START_OBJECT) ? readFunction(parser) : null;
				default -> extra = put(extra, name, parser.readValueAsTree());
			}
		}
		return new ToolCallDelta(index, id, type, function, (extra != null) ? extra : Map.of());
	}

	private FunctionCallDelta readFunction(JsonParser parser) {
		String name = null;
		String arguments = null;
		Map<String, JsonNode> extra = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			parser.nextToken();
			switch (field) {
				case "name" -> name = text(parser);
				case "arguments" -> arguments = argumentsText(parser);
				default -> extra = put(extra, field, parser.readValueAsTree());
			}
		}
		return new FunctionCallDelta(name, arguments, (extra != null) ? extra : Map.of());
	}

	private static @Nullable String argumentsText(JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			return parser.readValueAsTree().toString();
		}
		return text(parser);
	}

	private static @Nullable String text(JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token.isStructStart()) {
			parser.skipChildren();
			return null;
		}
		return parser.getValueAsString();
	}

	private static JsonNode vllmError(@Nullable Map<String, JsonNode> fields) {
		tools.jackson.databind.node.ObjectNode error = tools.jackson.databind.node.JsonNodeFactory.instance
			.objectNode();
		if (fields != null) {
			fields.forEach(error::set);
		}
		return error;
	}

	private static Map<String, JsonNode> put(@Nullable Map<String, JsonNode> extra, String name, JsonNode value) {
		Map<String, JsonNode> map = (extra != null) ? extra : new LinkedHashMap<>(4);
		map.put(name, value);
		return map;
	}

	/**
	 * The fields of a delta while it is read.
	 */
	private static final class DeltaFields {

		@Nullable String role;

		@Nullable String content;

		@Nullable String reasoning;

		@Nullable String vllmReasoning;

		@Nullable String thinking;

		@Nullable String refusal;

		List<ToolCallDelta> toolCalls = List.of();

		@Nullable FunctionCallDelta functionCall;

		@Nullable JsonNode audio;

		@Nullable Map<String, JsonNode> extra;

		Delta toDelta() {
			String reasoningContent = (this.reasoning != null) ? this.reasoning
					: (this.vllmReasoning != null) ? this.vllmReasoning : this.thinking;
			return new Delta(this.role, this.content, reasoningContent, this.refusal, this.toolCalls, this.functionCall,
					this.audio, (this.extra != null) ? this.extra : Map.of());
		}

	}

}
