package dev.chatconversation;

import java.util.List;

import dev.chatconversation.client.ApiError;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * A conversation turn failed or produced no reply; the cause says why (a
 * {@link ChatCompletionsException} subclass for call and stream failures, a
 * {@link dev.chatconversation.tool.ToolArgumentsException} for tool calls with invalid
 * arguments, a {@link ToolRoundsExceededException} when the model kept calling tools).
 *
 * <p>
 * Nothing is lost. If the failure came before any reply content, the history is exactly
 * as it was before the turn and {@link #userMessage()} holds the message to send again.
 * If it came after, the history keeps the user's message and the partial reply, marked
 * incomplete, which {@link #partialReply()} also returns. When the conversation ran
 * tools, the rounds completed before the failure stay in the history, every tool call
 * answered (a call that was not run is answered with the reason), and
 * {@link #keptMessages()} lists what the turn left.
 */
public class TurnFailedException extends ChatCompletionsException {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Message userMessage;

	private final transient @Nullable AssistantMessage partialReply;

	private final transient List<Message> keptMessages;

	TurnFailedException(String message, Throwable cause, @Nullable Message userMessage,
			@Nullable AssistantMessage partialReply, List<Message> keptMessages) {
		super(message, cause, (cause instanceof ChatCompletionsException known) ? known.statusCode() : null,
				(cause instanceof ChatCompletionsException known) ? known.error()
						: new ApiError(null, null, null, null),
				(cause instanceof ChatCompletionsException known) ? known.requestId() : null);
		this.userMessage = userMessage;
		this.partialReply = partialReply;
		this.keptMessages = List.copyOf(keptMessages);
	}

	/**
	 * The user's message of the failed turn, to send again.
	 * @return the message, or {@code null} for a failed {@code regenerate()} or
	 * {@code continueTurn()}
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

	/**
	 * The messages the turn added to the history and left there: the user's message,
	 * completed tool rounds and the partial reply, in order.
	 * @return the kept messages, empty when the history is as it was before the turn
	 */
	public List<Message> keptMessages() {
		return this.keptMessages;
	}

	@Override
	public boolean isRetryable() {
		return getCause() instanceof ChatCompletionsException known && known.isRetryable();
	}

}
