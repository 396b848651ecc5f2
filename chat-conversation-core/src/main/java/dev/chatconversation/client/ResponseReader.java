package dev.chatconversation.client;

import java.io.InputStream;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.WireJson;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Reads non-streaming bodies within a size limit: a completion, or an error body kept to
 * its first kilobytes whatever its real size.
 */
final class ResponseReader {

	private final ChatExceptions exceptions;

	private final int maxResponseSize;

	ResponseReader(ChatExceptions exceptions, int maxResponseSize) {
		this.exceptions = exceptions;
		this.maxResponseSize = maxResponseSize;
	}

	Mono<ChatCompletion> completion(ClientResponse response) {
		String requestId = ChatExceptions.requestId(response.headers().asHttpHeaders());
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), this.maxResponseSize)
			.map((buffer) -> {
				try (InputStream in = buffer.asInputStream(true)) {
					return parse(WireJson.mapper().readTree(in), requestId);
				}
				catch (JacksonException ex) {
					throw this.exceptions.undecodable(String.valueOf(ex.getOriginalMessage()), requestId);
				}
				catch (java.io.IOException ex) {
					throw this.exceptions.undecodable(String.valueOf(ex.getMessage()), requestId);
				}
			})
			.switchIfEmpty(Mono.error(() -> new ResponseDecodingException("The response body is empty", null, 200,
					ApiError.NONE, requestId)));
	}

	private ChatCompletion parse(JsonNode body, String requestId) {
		if (body.hasNonNull("error") || "error".equals(body.path("object").asString(""))) {
			throw this.exceptions.fromErrorObject(body, requestId);
		}
		if (!body.isObject()) {
			throw new ResponseDecodingException("The response is not a JSON object", null, 200, ApiError.NONE,
					requestId);
		}
		return WireJson.mapper().treeToValue(body, ChatCompletion.class);
	}

	Mono<byte[]> errorBody(ClientResponse response, int limit) {
		return DataBufferUtils
			.join(DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()), limit))
			.map((buffer) -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return bytes;
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			});
	}

}
