package dev.chatconversation.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON tree into messages, checking the Chat Completions format and reporting
 * each problem with the message index and JSON path.
 */
final class MessageReader {

	private final @Nullable String source;

	// -1 while reading a single message outside a list, so errors do not claim "message
	// 0"
	private int index = -1;

	MessageReader(@Nullable String source) {
		this.source = source;
	}

	List<Message> readList(JsonNode root) {
		if (root.isMissingNode()) {
			throw fail(-1, "$", "the text is empty; expected a JSON array of messages");
		}
		if (!root.isArray()) {
			throw fail(-1, "$", "expected a JSON array of messages but found " + describe(root));
		}
		List<Message> messages = new ArrayList<>(root.size());
		for (int i = 0; i < root.size(); i++) {
			this.index = i;
			messages.add(readMessage(root.get(i), "$[" + i + "]"));
		}
		return messages;
	}

	Message readMessage(JsonNode node, String path) {
		requireObject(node, path, "a message");
		JsonNode role = node.get("role");
		if (role == null || role.isNull()) {
			throw fail(path + ".role", "the message has no role");
		}
		if (!role.isString()) {
			throw fail(path + ".role", "the role must be a string but is " + describe(role));
		}
		return switch (role.stringValue()) {
			case "system" -> new SystemMessage(requiredContent(node, path), optionalString(node, path, "name"),
					extra(node, SystemMessage.FIELDS));
			case "developer" -> new DeveloperMessage(requiredContent(node, path), optionalString(node, path, "name"),
					extra(node, DeveloperMessage.FIELDS));
			case "user" -> new UserMessage(requiredContent(node, path), optionalString(node, path, "name"),
					extra(node, UserMessage.FIELDS));
			case "assistant" -> readAssistant(node, path);
			case "tool" -> readTool(node, path);
			case "function" -> new FunctionMessage(requiredString(node, path, "name", "a function message"),
					optionalString(node, path, "content"), extra(node, FunctionMessage.FIELDS));
			default -> throw fail(path + ".role", "unknown role '" + role.stringValue()
					+ "' (expected system, developer, user, assistant, tool or function)");
		};
	}

	private ToolMessage readTool(JsonNode node, String path) {
		String toolCallId = optionalString(node, path, "tool_call_id");
		if (toolCallId == null) {
			throw fail(path + ".tool_call_id", "a tool message needs a tool_call_id");
		}
		return new ToolMessage(requiredContent(node, path), toolCallId, extra(node, ToolMessage.FIELDS));
	}

	private AssistantMessage readAssistant(JsonNode node, String path) {
		AssistantMessage.Builder builder = AssistantMessage.builder()
			.content(optionalContent(node, path))
			.refusal(optionalString(node, path, "refusal"))
			.name(optionalString(node, path, "name"))
			.reasoningContent(optionalString(node, path, "reasoning_content"))
			.finishReason(optionalString(node, path, "finish_reason"))
			.extra(extra(node, AssistantMessage.FIELDS));
		JsonNode toolCalls = node.get("tool_calls");
		if (toolCalls != null && !toolCalls.isNull()) {
			if (!toolCalls.isArray()) {
				throw fail(path + ".tool_calls", "tool_calls must be an array but is " + describe(toolCalls));
			}
			for (int i = 0; i < toolCalls.size(); i++) {
				builder.toolCall(readToolCall(toolCalls.get(i), path + ".tool_calls[" + i + "]"));
			}
		}
		JsonNode functionCall = node.get("function_call");
		if (functionCall != null && !functionCall.isNull()) {
			builder.functionCall(readFunction(functionCall, path + ".function_call"));
		}
		JsonNode audio = node.get("audio");
		if (audio != null && !audio.isNull()) {
			builder.audio(readAudio(audio, path + ".audio"));
		}
		JsonNode incomplete = node.get("incomplete");
		if (incomplete != null && !incomplete.isNull()) {
			requireObject(incomplete, path + ".incomplete", "an incomplete mark");
			builder.incomplete(
					new Incomplete(requiredString(incomplete, path + ".incomplete", "reason", "an incomplete mark"),
							optionalString(incomplete, path + ".incomplete", "detail")));
		}
		return builder.build();
	}

	private ToolCall readToolCall(JsonNode node, String path) {
		requireObject(node, path, "a tool call");
		String id = requiredString(node, path, "id", "a tool call");
		String type = optionalString(node, path, "type");
		JsonNode function = node.get("function");
		FunctionCall call = null;
		if (function != null && !function.isNull()) {
			call = readFunction(function, path + ".function");
		}
		else if (type == null || type.equals("function")) {
			throw fail(path + ".function", "a function tool call needs a function with a name and arguments");
		}
		return new ToolCall(id, (type != null) ? type : "function", call, extra(node, ToolCall.FIELDS));
	}

	private FunctionCall readFunction(JsonNode node, String path) {
		requireObject(node, path, "a function call");
		String name = requiredString(node, path, "name", "a function call");
		String arguments = optionalString(node, path, "arguments");
		return new FunctionCall(name, (arguments != null) ? arguments : "", extra(node, FunctionCall.FIELDS));
	}

	private AssistantAudio readAudio(JsonNode node, String path) {
		requireObject(node, path, "assistant audio");
		JsonNode expiresAt = node.get("expires_at");
		Long expires = null;
		if (expiresAt != null && !expiresAt.isNull()) {
			if (!expiresAt.canConvertToLong() || !expiresAt.isIntegralNumber()) {
				throw fail(path + ".expires_at", "expires_at must be a whole number but is " + describe(expiresAt));
			}
			expires = expiresAt.longValue();
		}
		return new AssistantAudio(requiredString(node, path, "id", "assistant audio"),
				optionalString(node, path, "data"), optionalString(node, path, "transcript"), expires,
				extra(node, AssistantAudio.FIELDS));
	}

	private Content requiredContent(JsonNode node, String path) {
		Content content = optionalContent(node, path);
		if (content == null) {
			throw fail(path + ".content", "a " + node.get("role").stringValue() + " message needs content");
		}
		return content;
	}

	private @Nullable Content optionalContent(JsonNode node, String path) {
		JsonNode content = node.get("content");
		if (content == null || content.isNull()) {
			return null;
		}
		if (content.isString()) {
			return Content.of(content.stringValue());
		}
		if (!content.isArray()) {
			throw fail(path + ".content", "content must be a string or an array of parts but is " + describe(content));
		}
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (int i = 0; i < content.size(); i++) {
			parts.add(readPart(content.get(i), path + ".content[" + i + "]"));
		}
		return new Content.Parts(parts);
	}

	private ContentPart readPart(JsonNode node, String path) {
		requireObject(node, path, "a content part");
		String type = requiredString(node, path, "type", "a content part");
		return switch (type) {
			case "text" ->
				new TextPart(requiredString(node, path, "text", "a text part"), extra(node, TextPart.FIELDS));
			case "refusal" -> new RefusalPart(requiredString(node, path, "refusal", "a refusal part"),
					extra(node, RefusalPart.FIELDS));
			case "image_url" -> readImage(node, path);
			case "input_audio" -> readAudioPart(node, path);
			case "file" -> readFile(node, path);
			default -> throw fail(path + ".type", "unknown content part type '" + type
					+ "' (expected text, image_url, input_audio, file or refusal)");
		};
	}

	private ImageUrlPart readImage(JsonNode node, String path) {
		JsonNode image = requiredObject(node, path, "image_url", "an image_url part");
		String imagePath = path + ".image_url";
		return new ImageUrlPart(
				new ImageUrlPart.ImageUrl(requiredString(image, imagePath, "url", "an image_url"),
						optionalString(image, imagePath, "detail"), extra(image, ImageUrlPart.ImageUrl.FIELDS)),
				extra(node, ImageUrlPart.FIELDS));
	}

	private InputAudioPart readAudioPart(JsonNode node, String path) {
		JsonNode audio = requiredObject(node, path, "input_audio", "an input_audio part");
		String audioPath = path + ".input_audio";
		return new InputAudioPart(new InputAudioPart.InputAudio(requiredString(audio, audioPath, "data", "input audio"),
				requiredString(audio, audioPath, "format", "input audio"),
				extra(audio, InputAudioPart.InputAudio.FIELDS)), extra(node, InputAudioPart.FIELDS));
	}

	private FilePart readFile(JsonNode node, String path) {
		JsonNode file = requiredObject(node, path, "file", "a file part");
		String filePath = path + ".file";
		String fileId = optionalString(file, filePath, "file_id");
		String fileData = optionalString(file, filePath, "file_data");
		if (fileId == null && fileData == null) {
			throw fail(filePath, "a file part needs a file_id or file_data");
		}
		return new FilePart(new FilePart.FileRef(fileId, fileData, optionalString(file, filePath, "filename"),
				extra(file, FilePart.FileRef.FIELDS)), extra(node, FilePart.FIELDS));
	}

	private JsonNode requiredObject(JsonNode node, String path, String field, String owner) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw fail(path + "." + field, owner + " has no " + field + " object");
		}
		requireObject(value, path + "." + field, "the " + field + " value");
		return value;
	}

	private String requiredString(JsonNode node, String path, String field, String owner) {
		String value = optionalString(node, path, field);
		if (value == null) {
			throw fail(path + "." + field, owner + " has no " + field);
		}
		return value;
	}

	private @Nullable String optionalString(JsonNode node, String path, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw fail(path + "." + field, field + " must be a string but is " + describe(value));
		}
		return value.stringValue();
	}

	private void requireObject(JsonNode node, String path, String what) {
		if (!node.isObject()) {
			throw fail(path, what + " must be a JSON object but is " + describe(node));
		}
	}

	private static Map<String, JsonNode> extra(JsonNode node, Set<String> known) {
		Map<String, JsonNode> extra = null;
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (!known.contains(field.getKey())) {
				if (extra == null) {
					extra = new LinkedHashMap<>();
				}
				extra.put(field.getKey(), field.getValue());
			}
		}
		return (extra != null) ? extra : Map.of();
	}

	private InvalidConversationException fail(String path, String problem) {
		return fail(this.index, path, problem);
	}

	private InvalidConversationException fail(int messageIndex, String path, String problem) {
		return new InvalidConversationException(this.source, messageIndex, path, problem, null);
	}

	static String describe(JsonNode node) {
		if (node.isObject()) {
			return "an object";
		}
		if (node.isArray()) {
			return "an array";
		}
		if (node.isString()) {
			return "a string";
		}
		if (node.isNumber()) {
			return "a number";
		}
		if (node.isBoolean()) {
			return "a boolean";
		}
		return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
	}

}
