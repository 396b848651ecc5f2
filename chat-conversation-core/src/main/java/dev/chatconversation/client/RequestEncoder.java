package dev.chatconversation.client;

import java.util.Objects;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.WireJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a request body once per call, so every retry sends the same bytes; extra body
 * fields are added last and win over modelled fields of the same name.
 */
final class RequestEncoder {

	private RequestEncoder() {
	}

	static byte[] encode(ChatCompletionRequest request, boolean stream) {
		if (request.model() == null || request.model().isBlank()) {
			throw new IllegalArgumentException("The request has no model: set one on the request or the conversation");
		}
		if (request.messages().isEmpty()) {
			throw new IllegalArgumentException("The request has no messages");
		}
		ChatCompletionRequest sent = request;
		if (stream && !Boolean.TRUE.equals(request.stream())) {
			sent = request.mutate().stream(true).build();
		}
		else if (!stream && (request.stream() != null || request.streamOptions() != null)) {
			// OpenAI rejects stream_options without stream: true
			sent = request.mutate().stream(null).streamOptions(null).build();
		}
		if (sent.extraBody().isEmpty()) {
			return WireJson.mapper().writeValueAsBytes(sent);
		}
		ObjectNode body = WireJson.mapper().valueToTree(sent);
		sent.extraBody().forEach((name, value) -> body.set(name, Objects.requireNonNull(value, name)));
		return WireJson.mapper().writeValueAsBytes(body);
	}

}
