package dev.chatconversation;

/**
 * Says, in the {@link dev.chatconversation.message.FailedTurn#summary() summary} that
 * ends the message of a turn's failure, what the turn left in the history and what the
 * caller can do next.
 */
final class TurnOutcome {

	private TurnOutcome() {
	}

	static String describe(Turn.Kind kind, boolean keptReply, boolean keptRounds) {
		if (kind == Turn.Kind.REGENERATE) {
			return keptReply ? "the previous reply was kept" : "the history is unchanged";
		}
		if (keptReply) {
			return "the partial reply was kept in the history, marked incomplete";
		}
		if (keptRounds) {
			return "the completed tool rounds were kept in the history, with every tool call answered;"
					+ " continuation() asks the model to go on";
		}
		return (kind == Turn.Kind.SEND) ? "the history is unchanged; send the user message again"
				: "the history is unchanged";
	}

}
