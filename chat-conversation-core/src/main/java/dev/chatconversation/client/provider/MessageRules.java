package dev.chatconversation.client.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.UserMessage;
import org.jspecify.annotations.Nullable;

/**
 * The rules that rewrite the messages of a request; the history itself is never changed.
 */
final class MessageRules {

	private static final String JOINER = "\n\n";

	private MessageRules() {
	}

	static ChatCompletionRequest developerAsSystem(ChatCompletionRequest request) {
		return map(request, (message) -> (message instanceof DeveloperMessage developer)
				? new SystemMessage(developer.content(), developer.name(), developer.extra()) : message);
	}

	static ChatCompletionRequest dropNames(ChatCompletionRequest request) {
		return map(request, MessageRules::withoutName);
	}

	private static Message withoutName(Message message) {
		if (message instanceof SystemMessage system && system.name() != null) {
			return new SystemMessage(system.content(), null, system.extra());
		}
		if (message instanceof DeveloperMessage developer && developer.name() != null) {
			return new DeveloperMessage(developer.content(), null, developer.extra());
		}
		if (message instanceof UserMessage user && user.name() != null) {
			return new UserMessage(user.content(), null, user.extra());
		}
		if (message instanceof AssistantMessage assistant && assistant.name() != null) {
			return assistant.mutate().name(null).build();
		}
		return message;
	}

	static ChatCompletionRequest mergeSuccessive(ChatCompletionRequest request) {
		List<Message> merged = new ArrayList<>(request.messages().size());
		boolean changed = false;
		for (Message message : request.messages()) {
			Message previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			Message joined = (previous != null) ? join(previous, message) : null;
			if (joined != null) {
				merged.set(merged.size() - 1, joined);
				changed = true;
			}
			else {
				merged.add(message);
			}
		}
		return changed ? request.mutate().messages(merged).build() : request;
	}

	/**
	 * The two messages as one, or {@code null} when they must stay apart. The first
	 * message's name and extra fields are kept.
	 */
	private static @Nullable Message join(Message first, Message second) {
		if (first instanceof UserMessage user && second instanceof UserMessage next) {
			return new UserMessage(join(user.content(), next.content()), user.name(), user.extra());
		}
		if (first instanceof AssistantMessage assistant && second instanceof AssistantMessage next
				&& !assistant.hasToolCalls()) {
			Content content = (assistant.content() == null) ? next.content()
					: (next.content() == null) ? assistant.content() : join(assistant.content(), next.content());
			return next.mutate().content(content).build();
		}
		return null;
	}

	private static Content join(Content first, Content second) {
		if (first instanceof Content.Text text && second instanceof Content.Text next) {
			return Content.of(text.text() + JOINER + next.text());
		}
		List<ContentPart> parts = new ArrayList<>(parts(first));
		parts.addAll(parts(second));
		return Content.of(parts);
	}

	private static List<ContentPart> parts(Content content) {
		if (content instanceof Content.Parts parts) {
			return parts.parts();
		}
		return List.of(ContentPart.text(content.text()));
	}

	/**
	 * Applies a change to every message, returning the request itself when no message
	 * changed.
	 */
	static ChatCompletionRequest map(ChatCompletionRequest request, UnaryOperator<Message> change) {
		List<Message> messages = request.messages();
		List<Message> changed = null;
		for (int i = 0; i < messages.size(); i++) {
			Message message = messages.get(i);
			Message result = change.apply(message);
			if (result != message && changed == null) {
				changed = new ArrayList<>(messages.subList(0, i));
			}
			if (changed != null) {
				changed.add(result);
			}
		}
		return (changed != null) ? request.mutate().messages(changed).build() : request;
	}

}
