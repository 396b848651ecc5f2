package dev.chatconversation.message;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes messages as Chat Completions JSON with a streaming generator, either for a saved
 * history (every field) or for a request (without the fields local to the history).
 */
final class MessageWriter {

	private final boolean forRequest;

	MessageWriter(boolean forRequest) {
		this.forRequest = forRequest;
	}

	void writeList(JsonGenerator generator, List<? extends Message> messages) {
		generator.writeStartArray();
		for (Message message : messages) {
			write(generator, message);
		}
		generator.writeEndArray();
	}

	void write(JsonGenerator generator, Message message) {
		generator.writeStartObject();
		generator.writeStringProperty("role", message.role());
		if (message instanceof SystemMessage system) {
			writeChat(generator, system.content(), system.name());
		}
		else if (message instanceof DeveloperMessage developer) {
			writeChat(generator, developer.content(), developer.name());
		}
		else if (message instanceof UserMessage user) {
			writeChat(generator, user.content(), user.name());
		}
		else if (message instanceof AssistantMessage assistant) {
			writeAssistant(generator, assistant);
		}
		else if (message instanceof ToolMessage tool) {
			writeContent(generator, tool.content());
			generator.writeStringProperty("tool_call_id", tool.toolCallId());
		}
		else if (message instanceof FunctionMessage function) {
			generator.writeStringProperty("name", function.name());
			generator.writeStringProperty("content", function.content());
		}
		writeExtra(generator, message.extra());
		generator.writeEndObject();
	}

	private void writeChat(JsonGenerator generator, Content content, @Nullable String name) {
		writeContent(generator, content);
		writeOptional(generator, "name", name);
	}

	private void writeAssistant(JsonGenerator generator, AssistantMessage message) {
		Content content = message.content();
		if (content != null) {
			writeContent(generator, content);
		}
		else {
			generator.writeNullProperty("content");
		}
		writeOptional(generator, "refusal", message.refusal());
		writeOptional(generator, "name", message.name());
		if (!message.toolCalls().isEmpty()) {
			generator.writeArrayPropertyStart("tool_calls");
			for (ToolCall call : message.toolCalls()) {
				writeToolCall(generator, call);
			}
			generator.writeEndArray();
		}
		if (message.functionCall() != null) {
			generator.writeName("function_call");
			writeFunction(generator, message.functionCall());
		}
		if (message.audio() != null) {
			writeAudio(generator, message.audio());
		}
		// Reasoning goes back to the API only with tool calls: DeepSeek's thinking mode
		// requires
		// it there, while deepseek-reasoner rejects it on plain replies
		// (vercel/ai#14740).
		if (!this.forRequest || message.hasToolCalls()) {
			writeOptional(generator, "reasoning_content", message.reasoningContent());
		}
		if (!this.forRequest) {
			writeOptional(generator, "finish_reason", message.finishReason());
			Incomplete incomplete = message.incomplete();
			if (incomplete != null) {
				generator.writeObjectPropertyStart("incomplete");
				generator.writeStringProperty("reason", incomplete.reason());
				writeOptional(generator, "detail", incomplete.detail());
				generator.writeEndObject();
			}
		}
	}

	private void writeAudio(JsonGenerator generator, AssistantAudio audio) {
		generator.writeObjectPropertyStart("audio");
		generator.writeStringProperty("id", audio.id());
		if (!this.forRequest) {
			writeOptional(generator, "data", audio.data());
			writeOptional(generator, "transcript", audio.transcript());
			if (audio.expiresAt() != null) {
				generator.writeNumberProperty("expires_at", audio.expiresAt());
			}
			writeExtra(generator, audio.extra());
		}
		generator.writeEndObject();
	}

	private void writeToolCall(JsonGenerator generator, ToolCall call) {
		generator.writeStartObject();
		generator.writeStringProperty("id", call.id());
		generator.writeStringProperty("type", call.type());
		if (call.function() != null) {
			generator.writeName("function");
			writeFunction(generator, call.function());
		}
		writeExtra(generator, call.extra());
		generator.writeEndObject();
	}

	private void writeFunction(JsonGenerator generator, FunctionCall function) {
		generator.writeStartObject();
		generator.writeStringProperty("name", function.name());
		generator.writeStringProperty("arguments", function.arguments());
		writeExtra(generator, function.extra());
		generator.writeEndObject();
	}

	private void writeContent(JsonGenerator generator, Content content) {
		if (content instanceof Content.Parts parts) {
			generator.writeArrayPropertyStart("content");
			for (ContentPart part : parts.parts()) {
				writePart(generator, part);
			}
			generator.writeEndArray();
		}
		else {
			generator.writeStringProperty("content", content.text());
		}
	}

	private void writePart(JsonGenerator generator, ContentPart part) {
		generator.writeStartObject();
		generator.writeStringProperty("type", part.type());
		if (part instanceof TextPart text) {
			generator.writeStringProperty("text", text.text());
		}
		else if (part instanceof RefusalPart refusal) {
			generator.writeStringProperty("refusal", refusal.refusal());
		}
		else if (part instanceof ImageUrlPart image) {
			generator.writeObjectPropertyStart("image_url");
			generator.writeStringProperty("url", image.imageUrl().url());
			writeOptional(generator, "detail", image.imageUrl().detail());
			writeExtra(generator, image.imageUrl().extra());
			generator.writeEndObject();
		}
		else if (part instanceof InputAudioPart audio) {
			generator.writeObjectPropertyStart("input_audio");
			generator.writeStringProperty("data", audio.inputAudio().data());
			generator.writeStringProperty("format", audio.inputAudio().format());
			writeExtra(generator, audio.inputAudio().extra());
			generator.writeEndObject();
		}
		else if (part instanceof FilePart file) {
			generator.writeObjectPropertyStart("file");
			writeOptional(generator, "file_id", file.file().fileId());
			writeOptional(generator, "file_data", file.file().fileData());
			writeOptional(generator, "filename", file.file().filename());
			writeExtra(generator, file.file().extra());
			generator.writeEndObject();
		}
		writeExtra(generator, part.extra());
		generator.writeEndObject();
	}

	private static void writeOptional(JsonGenerator generator, String name, @Nullable String value) {
		if (value != null) {
			generator.writeStringProperty(name, value);
		}
	}

	private static void writeExtra(JsonGenerator generator, Map<String, JsonNode> extra) {
		for (Map.Entry<String, JsonNode> field : extra.entrySet()) {
			generator.writeName(field.getKey());
			generator.writeTree(field.getValue());
		}
	}

}
