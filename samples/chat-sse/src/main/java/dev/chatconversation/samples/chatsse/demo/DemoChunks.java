package dev.chatconversation.samples.chatsse.demo;

import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the JSON of one demo response, in the shapes OpenAI sends: streamed
 * {@code chat.completion.chunk}s, or one {@code chat.completion}.
 */
final class DemoChunks {

	private final JsonMapper json;

	private final String id;

	private final String model;

	private final long created = Instant.now().getEpochSecond();

	DemoChunks(JsonMapper json, String id, String model) {
		this.json = json;
		this.id = id;
		this.model = model;
	}

	/** The first chunk: the role, and empty content. */
	String role() {
		ObjectNode chunk = chunk();
		ObjectNode delta = choice(chunk).putObject("delta");
		delta.put("role", "assistant");
		delta.put("content", "");
		return chunk.toString();
	}

	/** A chunk carrying a piece of the reply text. */
	String content(String piece) {
		ObjectNode chunk = chunk();
		choice(chunk).putObject("delta").put("content", piece);
		return chunk.toString();
	}

	/** A chunk asking for one call of a tool, with its whole arguments. */
	String toolCall(DemoToolCall call) {
		ObjectNode chunk = chunk();
		ObjectNode delta = choice(chunk).putObject("delta");
		delta.put("role", "assistant");
		delta.putNull("content");
		ObjectNode toolCall = delta.putArray("tool_calls").addObject().put("index", 0);
		fill(toolCall, call);
		return chunk.toString();
	}

	/** A whole, non-streamed completion asking for one call of a tool. */
	String toolCallCompletion(DemoToolCall call, int promptTokens) {
		ObjectNode completion = header("chat.completion");
		ObjectNode choice = completion.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.putNull("content");
		fill(message.putArray("tool_calls").addObject(), call);
		choice.put("finish_reason", "tool_calls");
		usage(completion, promptTokens, 1);
		return completion.toString();
	}

	private static void fill(ObjectNode toolCall, DemoToolCall call) {
		toolCall.put("id", call.id());
		toolCall.put("type", "function");
		toolCall.putObject("function").put("name", call.name()).put("arguments", call.arguments());
	}

	/** The chunk that says why the reply ended. */
	String finish(String finishReason) {
		ObjectNode chunk = chunk();
		ObjectNode choice = choice(chunk);
		choice.putObject("delta");
		choice.put("finish_reason", finishReason);
		return chunk.toString();
	}

	/** The extra last chunk of {@code include_usage}: no choices, only usage. */
	String usage(DemoReply reply, int completionTokens) {
		ObjectNode chunk = chunk();
		chunk.putArray("choices");
		usage(chunk, reply.promptTokens(), completionTokens);
		return chunk.toString();
	}

	/** A whole, non-streamed completion. */
	String completion(DemoReply reply) {
		ObjectNode completion = header("chat.completion");
		ObjectNode choice = completion.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", reply.text());
		choice.put("finish_reason", "stop");
		usage(completion, reply.promptTokens(), reply.pieces().size());
		return completion.toString();
	}

	private ObjectNode chunk() {
		return header("chat.completion.chunk");
	}

	private ObjectNode header(String object) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", this.id);
		node.put("object", object);
		node.put("created", this.created);
		node.put("model", this.model);
		return node;
	}

	private static ObjectNode choice(ObjectNode chunk) {
		ObjectNode choice = chunk.putArray("choices").addObject();
		choice.put("index", 0);
		choice.putNull("finish_reason");
		return choice;
	}

	private static void usage(ObjectNode node, int promptTokens, int completionTokens) {
		ObjectNode usage = node.putObject("usage");
		usage.put("prompt_tokens", promptTokens);
		usage.put("completion_tokens", completionTokens);
		usage.put("total_tokens", promptTokens + completionTokens);
	}

}
