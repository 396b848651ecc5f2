package dev.chatconversation.samples.chatsse.demo;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A call of the sample's clock tool that the demo model makes when the last message is
 * the user's, asks for the time, and the request offers the tool.
 *
 * @param id the call id
 * @param name the tool name
 * @param arguments the arguments, as JSON text
 */
record DemoToolCall(String id, String name, String arguments) {

	/** The tool the demo model knows how to call. */
	static final String TOOL = "current_time";

	private static final Pattern ASKS_FOR_TIME = Pattern.compile(
			"\\b(what time|what's the time|the time is it|current time|time is it|time now)\\b",
			Pattern.CASE_INSENSITIVE);

	static @Nullable DemoToolCall wanted(JsonNode request, String id) {
		JsonNode messages = request.path("messages");
		JsonNode last = messages.get(messages.size() - 1);
		if (!"user".equals(last.path("role").asString("")) || !offers(request.path("tools"))
				|| !ASKS_FOR_TIME.matcher(last.path("content").toString()).find()) {
			return null;
		}
		return new DemoToolCall(id, TOOL, "{\"zone\":null}");
	}

	private static boolean offers(JsonNode tools) {
		for (JsonNode tool : tools) {
			if (TOOL.equals(tool.path("function").path("name").asString(""))) {
				return true;
			}
		}
		return false;
	}

}
