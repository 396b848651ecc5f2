package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.structured.OutputMode;
import dev.chatconversation.structured.StructuredOutput;
import org.jspecify.annotations.Nullable;

/**
 * What a turn does to the history when it starts: send a new message, go on from the
 * history as it stands, or answer the last user message again.
 *
 * @param kind the kind of turn
 * @param message the message a {@link Turn.Kind#SEND} turn sends, {@code null} otherwise
 */
record TurnStart(Turn.Kind kind, @Nullable Message message) {

	static TurnStart send(Message message) {
		return new TurnStart(Turn.Kind.SEND, message);
	}

	static TurnStart resume() {
		return new TurnStart(Turn.Kind.CONTINUE, null);
	}

	static TurnStart regenerate() {
		return new TurnStart(Turn.Kind.REGENERATE, null);
	}

	/**
	 * Starts the turn on the history.
	 * @throws ConversationBusyException if another turn is running
	 * @throws IllegalStateException if the history cannot be continued or regenerated
	 */
	Turn begin(History history) {
		return switch (this.kind) {
			case SEND -> Turn.send(history, sendMessage());
			case CONTINUE -> Turn.resume(history);
			case REGENERATE -> Turn.regenerate(history);
		};
	}

	/**
	 * The same start with the structured output's instruction in the new user message
	 * ({@link OutputMode#JSON_OBJECT} only). A continuation or a regeneration has no new
	 * message, so it relies on the instruction sent with the earlier one.
	 */
	TurnStart asking(StructuredOutput<?> output) {
		if (output.mode() != OutputMode.JSON_OBJECT || !(this.message instanceof UserMessage user)) {
			return this;
		}
		Content content = user.content();
		if (content instanceof Content.Text text) {
			return send(new UserMessage(Content.of(output.prompt(text.text())), user.name(), user.extra()));
		}
		List<ContentPart> parts = new ArrayList<>(((Content.Parts) content).parts());
		parts.add(ContentPart.text(output.prompt("").strip()));
		return send(new UserMessage(Content.of(parts), user.name(), user.extra()));
	}

	private Message sendMessage() {
		if (this.message == null) {
			throw new IllegalStateException("A turn that sends a message needs one");
		}
		return this.message;
	}

}
