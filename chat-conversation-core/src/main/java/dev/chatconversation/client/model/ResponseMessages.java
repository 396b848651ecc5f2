package dev.chatconversation.client.model;

import dev.chatconversation.client.internal.ContentArrays;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the {@code message} of a response choice into an {@link AssistantMessage},
 * normalising provider variants: Mistral's content arrays with {@code thinking} parts
 * become text and reasoning, vLLM's {@code reasoning} field becomes
 * {@code reasoning_content}.
 */
final class ResponseMessages {

	private ResponseMessages() {
	}

	/**
	 * Reads a message node, which it changes in place.
	 * @param node a node read for this call only
	 * @return the message
	 */
	static AssistantMessage read(JsonNode node) {
		ObjectNode message = (node instanceof ObjectNode object) ? object : JsonNodeFactory.instance.objectNode();
		message.put("role", "assistant");
		JsonNode content = message.get("content");
		if (content instanceof ArrayNode parts) {
			ContentArrays.Split split = ContentArrays.split(parts);
			message.put("content", split.text());
			if (!split.thinking().isEmpty() && !message.hasNonNull("reasoning_content")) {
				message.put("reasoning_content", split.thinking());
			}
		}
		JsonNode reasoning = message.get("reasoning");
		if (reasoning != null && reasoning.isString() && !message.hasNonNull("reasoning_content")) {
			message.remove("reasoning");
			message.set("reasoning_content", reasoning);
		}
		return (AssistantMessage) MessageJson.read(message);
	}

	/**
	 * Deserializes a response message.
	 */
	static final class Deserializer extends ValueDeserializer<AssistantMessage> {

		@Override
		public AssistantMessage deserialize(JsonParser parser, DeserializationContext context) {
			return read(context.readTree(parser));
		}

	}

	/**
	 * Serializes a message as the history writes it.
	 */
	static final class Serializer extends ValueSerializer<Message> {

		@Override
		public void serialize(Message value, JsonGenerator generator, SerializationContext context) {
			MessageJson.write(generator, value, false);
		}

	}

}
