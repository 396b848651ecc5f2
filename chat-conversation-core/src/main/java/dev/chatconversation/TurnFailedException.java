package dev.chatconversation;

import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * A conversation turn failed or produced no reply; the cause says why (a
 * {@link ChatCompletionsException} subclass for call and stream failures).
 *
 * <p>
 * Nothing is lost. If the failure came before any reply content, the history is exactly
 * as it was before the turn and {@link #userMessage()} holds the message to send again.
 * If it came after, the history keeps the user's message and the partial reply, marked
 * incomplete, which {@link #partialReply()} also returns.
 */
public class TurnFailedException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Message userMessage;

	private final transient @Nullable AssistantMessage partialReply;

	TurnFailedException(String message, Throwable cause, @Nullable Message userMessage,
			@Nullable AssistantMessage partialReply) {
		super(message, cause, (cause instanceof ChatCompletionsException known) ? known.statusCode() : null,
				(cause instanceof ChatCompletionsException known) ? known.error()
						: new dev.chatconversation.client.ApiError(null, null, null, null),
				(cause instanceof ChatCompletionsException known) ? known.requestId() : null);
		this.userMessage = userMessage;
		this.partialReply = partialReply;
	}

	/**
	 * The user's message of the failed turn, to send again.
	 * @return the message, or {@code null} for a failed {@code regenerate()}
	 */
	public @Nullable Message userMessage() {
		return this.userMessage;
	}

	/**
	 * The part of the reply that arrived before the failure, as kept in the history.
	 * @return the partial reply marked incomplete, or {@code null} if nothing arrived or
	 * the turn was a {@code regenerate()}, which keeps the previous reply instead
	 */
	public @Nullable AssistantMessage partialReply() {
		return this.partialReply;
	}

	/**
	 * Whether the reply was partly received and kept in the history.
	 * @return {@code true} if a partial reply was kept
	 */
	public boolean keptPartialReply() {
		return this.partialReply != null;
	}

	@Override
	public boolean isRetryable() {
		return getCause() instanceof ChatCompletionsException known && known.isRetryable();
	}

}
