package dev.chatconversation.observation;

import dev.chatconversation.UnexpectedTurnException;

import java.util.TreeSet;

import dev.chatconversation.observation.ChatObservationDocumentation.ConversationKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link ConversationObservationConvention}: a turn is
 * {@value ChatObservationDocumentation.Names#CONVERSATION_TURN}, a tool round
 * {@value ChatObservationDocumentation.Names#TOOL_ROUND}, tagged with
 * {@link ChatObservationDocumentation.ConversationKeyNames}; a round's tool names are a
 * high-cardinality {@code gen_ai.tool.name}. A turn's error type is the simple name of
 * the typed error it failed with ({@code RateLimitException}, ...); for an
 * {@link dev.chatconversation.UnexpectedTurnException}, that of its cause.
 */
public class DefaultConversationObservationConvention implements ConversationObservationConvention {

	/** The default convention of tool rounds. */
	public static final DefaultConversationObservationConvention TOOL_ROUNDS = new DefaultConversationObservationConvention(
			ChatObservationDocumentation.Names.TOOL_ROUND);

	private final String name;

	/**
	 * The default convention of turns.
	 */
	public DefaultConversationObservationConvention() {
		this(ChatObservationDocumentation.Names.CONVERSATION_TURN);
	}

	/**
	 * A convention with another observation name.
	 * @param name the observation name
	 */
	protected DefaultConversationObservationConvention(String name) {
		this.name = name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getContextualName(ConversationObservationContext context) {
		return context.isToolRound() ? "execute_tool " + String.join(",", new TreeSet<>(context.toolNames()))
				: "chat turn";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ConversationObservationContext context) {
		Throwable error = context.getError();
		Throwable cause = (error instanceof UnexpectedTurnException && error.getCause() != null) ? error.getCause()
				: error;
		KeyValues values = KeyValues.of(
				ConversationKeyNames.OPERATION_NAME.withValue(context.isToolRound() ? "execute_tool" : "chat"),
				ConversationKeyNames.STREAMING.withValue(String.valueOf(context.streaming())),
				ConversationKeyNames.ERROR_TYPE.withValue((cause != null) ? cause.getClass().getSimpleName()
						: DefaultChatClientObservationConvention.NONE),
				ConversationKeyNames.OUTCOME
					.withValue(DefaultChatClientObservationConvention.outcome(error, context.isCancelled())));
		return context.isToolRound()
				? values.and(ConversationKeyNames.TOOL_CALLS.withValue(String.valueOf(context.toolNames().size())))
				: values.and(ConversationKeyNames.TOOL_ROUNDS.withValue(String.valueOf(context.toolRounds())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ConversationObservationContext context) {
		if (!context.isToolRound()) {
			return KeyValues.empty();
		}
		return KeyValues.of(KeyValue.of("gen_ai.tool.name", String.join(",", new TreeSet<>(context.toolNames()))));
	}

}
