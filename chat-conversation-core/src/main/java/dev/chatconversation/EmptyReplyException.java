package dev.chatconversation;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;
import org.jspecify.annotations.Nullable;

/**
 * The model answered with nothing: no text, refusal, tool call or audio (Gemini can
 * finish a stream that way). The conversation records no empty reply.
 */
public class EmptyReplyException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	EmptyReplyException(@Nullable String finishReason) {
		super("The model returned an empty reply (finish reason: " + ((finishReason != null) ? finishReason : "none")
				+ ")", null, 200, new ApiError(null, null, null, null), null);
	}

}
