package dev.chatconversation.client.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * Records on an answer which model, as written, produced it.
 */
final class RoutedResponses {

	private RoutedResponses() {
	}

	static ChatCompletion tag(ChatCompletion completion, String written) {
		return new ChatCompletion(completion.id(), completion.object(), completion.created(), completion.model(),
				completion.choices(), completion.usage(), completion.systemFingerprint(), completion.serviceTier(),
				with(completion.extra(), written));
	}

	static ChatCompletionChunk tag(ChatCompletionChunk chunk, String written) {
		return new ChatCompletionChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), chunk.choices(),
				chunk.usage(), chunk.systemFingerprint(), chunk.serviceTier(), with(chunk.extra(), written));
	}

	private static Map<String, JsonNode> with(Map<String, JsonNode> extra, String written) {
		Map<String, JsonNode> tagged = new LinkedHashMap<>(extra);
		tagged.put(RoutingChatCompletionsClient.ROUTED_MODEL, WireJson.mapper().getNodeFactory().stringNode(written));
		return tagged;
	}

}
