package dev.chatconversation.client.model;

import dev.chatconversation.message.MessageJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes the JSON body of a {@link ChatCompletionRequest}: {@code messages}, then every
 * set parameter in {@link RequestParameter} order, each value by its own serializer.
 * Extra body fields are added by the client, which lets them win over modelled fields;
 * the HTTP options are never written.
 */
final class RequestBodySerializer extends ValueSerializer<ChatCompletionRequest> {

	private static final SerializableString MESSAGES = new SerializedString("messages");

	@Override
	public void serialize(ChatCompletionRequest request, JsonGenerator generator, SerializationContext context) {
		generator.writeStartObject(request);
		generator.writeName(MESSAGES);
		MessageJson.writeList(generator, request.messages(), true);
		request.parameters().forEach((parameter, value) -> {
			generator.writeName(parameter.wireName());
			context.writeValue(generator, value);
		});
		generator.writeEndObject();
	}

}
