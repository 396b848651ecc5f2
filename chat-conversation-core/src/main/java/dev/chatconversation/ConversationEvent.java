package dev.chatconversation;

import java.util.Objects;

import dev.chatconversation.client.BadRequestException;
import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;

/**
 * What happens during a streamed turn, in order: pieces of the reply text and reasoning
 * as they arrive, the tool calls the model makes and their results when the conversation
 * runs tools (for every round), then the completed response.
 *
 * @see ConversationTurn#events()
 */
public sealed interface ConversationEvent {

	/**
	 * A piece of the reply text, of any round (text before, between and after tool
	 * calls).
	 *
	 * @param text the piece, never empty
	 */
	record TextDelta(String text) implements ConversationEvent {

		public TextDelta {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * A piece of the model's reasoning ({@code reasoning_content}), kept apart from the
	 * text.
	 *
	 * @param text the piece, never empty
	 */
	record ReasoningDelta(String text) implements ConversationEvent {

		public ReasoningDelta {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * The model asked for a tool call, whose reply is now complete; the conversation is
	 * about to run it. A legacy {@code function_call} is reported as a call with an empty
	 * id.
	 *
	 * @param call the call, with its arguments as the model wrote them
	 */
	record ToolCallRequested(ToolCall call) implements ConversationEvent {

		public ToolCallRequested {
			Objects.requireNonNull(call, "call");
		}

	}

	/**
	 * A tool returned; its result is about to be sent to the model. Results arrive in the
	 * order the tools finish.
	 *
	 * @param call the call
	 * @param result the {@code tool} message (a {@code function} message for legacy
	 * functions) that answers it
	 * @param failed whether the tool threw, or no tool of that name exists; the result
	 * then holds the error sent to the model
	 */
	record ToolCallCompleted(ToolCall call, Message result, boolean failed) implements ConversationEvent {

		public ToolCallCompleted {
			Objects.requireNonNull(call, "call");
			Objects.requireNonNull(result, "result");
		}

	}

	/**
	 * The provider rejected a request of the turn because the prompt exceeds the model's
	 * context ({@code context_length_exceeded}), before any reply content, and the
	 * conversation's {@link dev.chatconversation.context.ContextWindow context window}
	 * sends it once more with fewer messages; the stored history is unchanged. The turn's
	 * completion then carries
	 * {@link dev.chatconversation.context.ContextWindow#RETRY_METADATA}.
	 *
	 * @param messagesBefore the messages of the rejected request
	 * @param messagesAfter the messages of the retry
	 * @param cause the rejection
	 */
	record ContextWindowShrunk(int messagesBefore, int messagesAfter,
			BadRequestException cause) implements ConversationEvent {

		public ContextWindowShrunk {
			Objects.requireNonNull(cause, "cause");
		}

	}

	/**
	 * The turn ended with a reply that is now the last message of the history; always the
	 * last event.
	 *
	 * @param completion the last round's response, with its usage and finish reason
	 */
	record Completed(ChatCompletion completion) implements ConversationEvent {

		public Completed {
			Objects.requireNonNull(completion, "completion");
		}

	}

}
