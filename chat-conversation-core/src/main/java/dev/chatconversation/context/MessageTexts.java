package dev.chatconversation.context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.RefusalPart;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.TextPart;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.message.UserMessage;
import org.jspecify.annotations.Nullable;

/**
 * The texts of a message that a request carries, and how many media parts it has, for
 * token counting.
 *
 * @param texts the texts: content, refusal, name, tool call ids, names and arguments
 * @param mediaParts the image, audio and file parts, and assistant audio
 */
record MessageTexts(List<String> texts, int mediaParts) {

	/**
	 * Role and framing of one message in the request (OpenAI's counting guide: 3 + 1).
	 */
	static final int MESSAGE_OVERHEAD = 4;

	/** A low-detail image in OpenAI's pricing; used for every media part. */
	static final int MEDIA_PART = 85;

	static MessageTexts of(Message message) {
		Collector collector = new Collector();
		if (message instanceof SystemMessage system) {
			collector.content(system.content()).text(system.name());
		}
		else if (message instanceof DeveloperMessage developer) {
			collector.content(developer.content()).text(developer.name());
		}
		else if (message instanceof UserMessage user) {
			collector.content(user.content()).text(user.name());
		}
		else if (message instanceof AssistantMessage assistant) {
			collector.assistant(assistant);
		}
		else if (message instanceof ToolMessage tool) {
			collector.content(tool.content()).text(tool.toolCallId());
		}
		else if (message instanceof FunctionMessage function) {
			collector.text(function.name()).text(function.content());
		}
		return new MessageTexts(List.copyOf(collector.texts), collector.media);
	}

	static int estimate(Message message) {
		return of(message).count((text) -> (text.length() + 3) / 4);
	}

	int count(ToIntFunction<String> tokens) {
		int count = MESSAGE_OVERHEAD + this.mediaParts * MEDIA_PART;
		for (String text : this.texts) {
			count += tokens.applyAsInt(text);
		}
		return count;
	}

	private static final class Collector {

		private final List<String> texts = new ArrayList<>();

		private int media;

		Collector text(@Nullable String text) {
			if (text != null && !text.isEmpty()) {
				this.texts.add(text);
			}
			return this;
		}

		Collector content(@Nullable Content content) {
			if (content instanceof Content.Text text) {
				text(text.text());
			}
			else if (content instanceof Content.Parts parts) {
				parts.parts().forEach(this::part);
			}
			return this;
		}

		private void part(ContentPart part) {
			if (part instanceof TextPart text) {
				text(text.text());
			}
			else if (part instanceof RefusalPart refusal) {
				text(refusal.refusal());
			}
			else {
				this.media++;
			}
		}

		void assistant(AssistantMessage assistant) {
			content(assistant.content()).text(assistant.refusal()).text(assistant.name());
			for (ToolCall call : assistant.toolCalls()) {
				text(call.id()).function(call.function());
			}
			function(assistant.functionCall());
			if (assistant.hasToolCalls()) {
				// sent back only with tool calls (see MessageWriter)
				text(assistant.reasoningContent());
			}
			if (assistant.audio() != null) {
				this.media++;
			}
		}

		private void function(@Nullable FunctionCall function) {
			if (function != null) {
				text(function.name()).text(function.arguments());
			}
		}

	}

}
