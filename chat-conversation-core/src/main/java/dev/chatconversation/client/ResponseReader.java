package dev.chatconversation.client;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.WireJson;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBuffer;
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
			.map((buffer) -> parse(buffer, requestId))
			.switchIfEmpty(Mono.error(() -> new ResponseDecodingException("The response body is empty", null, 200,
					ApiError.NONE, requestId)));
	}

	/**
	 * Reads a completion straight from the received buffers into its record, without
	 * copying the body into an array first. Only a body that turns out not to be a
	 * completion (an error object, not an object, not JSON) is copied and read again as a
	 * tree to tell which it is.
	 */
	private ChatCompletion parse(DataBuffer body, String requestId) {
		try {
			int start = body.readPosition();
			ChatCompletion completion;
			try {
				completion = WireJson.mapper().readValue(body.asInputStream(), ChatCompletion.class);
			}
			catch (JacksonException ex) {
				return parseTree(bytesFrom(body.readPosition(start)), requestId);
			}
			JsonNode error = completion.extra().get("error");
			if (error != null && !error.isNull() || "error".equals(completion.object())) {
				return parseTree(bytesFrom(body.readPosition(start)), requestId);
			}
			return completion;
		}
		finally {
			DataBufferUtils.release(body);
		}
	}

	private ChatCompletion parseTree(byte[] body, String requestId) {
		try {
			JsonNode tree = WireJson.mapper().readTree(body);
			if (tree.hasNonNull("error") || "error".equals(tree.path("object").asString(""))) {
				throw this.exceptions.fromErrorObject(tree, requestId);
			}
			if (!tree.isObject()) {
				throw new ResponseDecodingException("The response is not a JSON object", null, 200, ApiError.NONE,
						requestId);
			}
			return WireJson.mapper().treeToValue(tree, ChatCompletion.class);
		}
		catch (JacksonException ex) {
			throw this.exceptions.undecodable(String.valueOf(ex.getOriginalMessage()), requestId);
		}
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			return bytesFrom(buffer);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static byte[] bytesFrom(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		return bytes;
	}

	Mono<byte[]> errorBody(ClientResponse response, int limit) {
		return DataBufferUtils
			.join(DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()), limit))
			.map(ResponseReader::bytes);
	}

}
