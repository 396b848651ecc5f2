package dev.chatconversation.store;

import java.util.List;

import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * A conversation to create in a store.
 *
 * @param id the id to give it, or {@code null} for a new random one
 * @param owner who it belongs to, or {@code null}
 * @param title its title, or {@code null} to take the start of the first user message
 * @param model the model it is for, or {@code null}
 * @param messages its first messages, possibly none
 */
public record NewConversation(@Nullable String id, @Nullable String owner, @Nullable String title,
		@Nullable String model, List<Message> messages) {

	public NewConversation {
		if (id != null && (id.isBlank() || id.length() > 200)) {
			throw new IllegalArgumentException("A conversation id must be 1 to 200 characters, not blank");
		}
		messages = List.copyOf(messages);
	}

	/**
	 * A conversation with a random id and nothing else set.
	 * @return the new conversation
	 */
	public static NewConversation create() {
		return new NewConversation(null, null, null, null, List.of());
	}

	/**
	 * A copy with the given id.
	 * @param id the id
	 * @return the copy
	 */
	public NewConversation withId(@Nullable String id) {
		return new NewConversation(id, this.owner, this.title, this.model, this.messages);
	}

	/**
	 * A copy with the given owner.
	 * @param owner the owner
	 * @return the copy
	 */
	public NewConversation withOwner(@Nullable String owner) {
		return new NewConversation(this.id, owner, this.title, this.model, this.messages);
	}

	/**
	 * A copy with the given title.
	 * @param title the title
	 * @return the copy
	 */
	public NewConversation withTitle(@Nullable String title) {
		return new NewConversation(this.id, this.owner, title, this.model, this.messages);
	}

	/**
	 * A copy with the given model.
	 * @param model the model
	 * @return the copy
	 */
	public NewConversation withModel(@Nullable String model) {
		return new NewConversation(this.id, this.owner, this.title, model, this.messages);
	}

	/**
	 * A copy with the given first messages.
	 * @param messages the messages
	 * @return the copy
	 */
	public NewConversation withMessages(List<? extends Message> messages) {
		return new NewConversation(this.id, this.owner, this.title, this.model, List.copyOf(messages));
	}

}
