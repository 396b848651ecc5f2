package dev.chatconversation.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletionChunk.Delta;
import dev.chatconversation.client.model.ChatCompletionChunk.FunctionCallDelta;
import dev.chatconversation.client.model.ChatCompletionChunk.ToolCallDelta;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import static dev.chatconversation.client.internal.JsonValues.put;
import static dev.chatconversation.client.internal.JsonValues.text;
import static dev.chatconversation.client.internal.JsonValues.tree;
import static dev.chatconversation.client.internal.JsonValues.value;

/**
 * Reads a chunk's delta for {@link ChunkReader}: Mistral's content arrays (text and
 * {@code thinking} parts), vLLM's {@code reasoning} field, tool-call and function-call
 * pieces, and unmodelled fields. Not thread-safe; one per stream.
 */
final class DeltaReader {

	private final RepeatedStrings strings;

	// reused from delta to delta: a delta is read on every chunk
	private final DeltaFields fields = new DeltaFields();

	DeltaReader(RepeatedStrings strings) {
		this.strings = strings;
	}

	/**
	 * Reads the delta object under the parser.
	 * @param parser the parser, on the delta's start
	 * @param input the array the parser reads
	 * @param base where the parser's input starts in that array
	 * @return the delta
	 */
	Delta read(JsonParser parser, byte[] input, int base) {
		DeltaFields fields = this.fields;
		fields.clear();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "role" -> fields.role = this.strings.read(parser, 6, input, base);
				case "content" -> readContent(parser, token, fields);
				case "reasoning_content" -> fields.reasoning = text(parser);
				case "reasoning" -> fields.vllmReasoning = text(parser);
				case "refusal" -> fields.refusal = text(parser);
				case "tool_calls" -> fields.toolCalls = readToolCalls(parser, input, base);
				case "function_call" ->
					fields.functionCall = (token == JsonToken.START_OBJECT) ? readFunction(parser) : null;
				case "audio" -> fields.audio = (token != JsonToken.VALUE_NULL) ? tree(parser) : null;
				default -> fields.extra = put(fields.extra, name, value(parser, token));
			}
		}
		return fields.toDelta();
	}

	private void readContent(JsonParser parser, JsonToken token, DeltaFields fields) {
		if (token != JsonToken.START_ARRAY) {
			fields.content = text(parser);
			return;
		}
		ContentArrays.Split split = ContentArrays.split(tree(parser));
		fields.content = split.text().isEmpty() ? null : split.text();
		fields.thinking = split.thinking().isEmpty() ? null : split.thinking();
	}

	private List<ToolCallDelta> readToolCalls(JsonParser parser, byte[] input, int base) {
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			parser.skipChildren();
			return List.of();
		}
		List<ToolCallDelta> calls = null;
		while (parser.nextToken() == JsonToken.START_OBJECT) {
			if (calls == null) {
				calls = new ArrayList<>(1);
			}
			calls.add(readToolCall(parser, input, base));
		}
		return (calls != null) ? calls : List.of();
	}

	private ToolCallDelta readToolCall(JsonParser parser, byte[] input, int base) {
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
				case "type" -> type = this.strings.read(parser, 7, input, base);
				case "function" -> function = (token == JsonToken.START_OBJECT) ? readFunction(parser) : null;
				default -> extra = put(extra, name, value(parser, token));
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
			JsonToken token = parser.nextToken();
			switch (field) {
				case "name" -> name = text(parser);
				case "arguments" -> arguments = argumentsText(parser);
				default -> extra = put(extra, field, value(parser, token));
			}
		}
		return new FunctionCallDelta(name, arguments, (extra != null) ? extra : Map.of());
	}

	private static @Nullable String argumentsText(JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			return tree(parser).toString();
		}
		return text(parser);
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

		void clear() {
			this.role = null;
			this.content = null;
			this.reasoning = null;
			this.vllmReasoning = null;
			this.thinking = null;
			this.refusal = null;
			this.toolCalls = List.of();
			this.functionCall = null;
			this.audio = null;
			this.extra = null;
		}

		Delta toDelta() {
			String reasoningContent = (this.reasoning != null) ? this.reasoning
					: (this.vllmReasoning != null) ? this.vllmReasoning : this.thinking;
			return new Delta(this.role, this.content, reasoningContent, this.refusal, this.toolCalls, this.functionCall,
					this.audio, (this.extra != null) ? this.extra : Map.of());
		}

	}

}
