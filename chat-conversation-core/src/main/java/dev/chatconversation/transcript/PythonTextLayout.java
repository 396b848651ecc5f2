package dev.chatconversation.transcript;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.chatconversation.message.AssistantAudio;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Content;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.DeveloperMessage;
import dev.chatconversation.message.FilePart;
import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.FunctionMessage;
import dev.chatconversation.message.ImageUrlPart;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.InputAudioPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.RefusalPart;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.TextPart;
import dev.chatconversation.message.ToolCall;
import dev.chatconversation.message.ToolMessage;
import dev.chatconversation.message.UserMessage;

/**
 * The plain text transcript, laid out line by line as the Python library's
 * {@code export_to_text()} does: a list of lines joined with a blank line between every
 * two, and no line break at the end.
 *
 * <p>
 * The Python library splits a multi-part user message when it loads it: a text followed
 * by an image becomes one message with the image, any other text or image a message of
 * its own. This layout numbers the same pieces, while the history keeps one message.
 */
final class PythonTextLayout {

	private final List<String> lines = new ArrayList<>();

	private final boolean extended;

	private int userMessages;

	private PythonTextLayout(boolean extended) {
		this.extended = extended;
	}

	static String text(List<? extends Message> messages) {
		PythonTextLayout layout = new PythonTextLayout(!messages.stream().allMatch(PythonTextLayout::loadableByPython));
		messages.forEach(layout::add);
		return String.join("\n\n", layout.lines);
	}

	/**
	 * Whether the Python library loads this message: a user message whose content is a
	 * string or text and image parts, or an assistant message whose content is a string.
	 * It ignores every other field of these messages.
	 * @param message the message
	 * @return {@code true} if the Python library can load it
	 */
	static boolean loadableByPython(Message message) {
		if (message instanceof UserMessage user) {
			return !(user.content() instanceof Content.Parts parts) || parts.parts()
				.stream()
				.allMatch((part) -> part instanceof TextPart || part instanceof ImageUrlPart);
		}
		return message instanceof AssistantMessage assistant && assistant.content() instanceof Content.Text;
	}

	private void add(Message message) {
		if (message instanceof UserMessage user) {
			addUser(user.content());
		}
		else if (message instanceof AssistantMessage assistant) {
			this.lines.add("Assistant [" + this.userMessages + "]:");
			addAssistant(assistant);
		}
		else if (message instanceof SystemMessage system) {
			addBlock("System:", system.content());
		}
		else if (message instanceof DeveloperMessage developer) {
			addBlock("Developer:", developer.content());
		}
		else if (message instanceof ToolMessage tool) {
			addBlock("Tool result [" + tool.toolCallId() + "]:", tool.content());
		}
		else {
			FunctionMessage function = (FunctionMessage) message;
			addBlock("Function result [" + function.name() + "]:", Content.of(function.text()));
		}
	}

	// the parse states of the Python loader: pending is the text waiting for an image,
	// null when none is
	private void addUser(Content content) {
		if (content instanceof Content.Text text) {
			addUserPiece(text.text(), null);
			return;
		}
		String pending = null;
		for (ContentPart part : ((Content.Parts) content).parts()) {
			if (part instanceof TextPart text) {
				if (pending != null) {
					addUserPiece(pending, null);
				}
				pending = text.text();
			}
			else {
				addUserPiece((pending != null) ? pending : "", mark(part));
				pending = null;
			}
		}
		if (pending != null) {
			addUserPiece(pending, null);
		}
	}

	private void addUserPiece(String text, @Nullable String attachment) {
		this.userMessages++;
		this.lines.add("User [" + this.userMessages + "]:");
		addIfNotEmpty(text);
		if (attachment != null) {
			this.lines.add(attachment);
		}
	}

	private void addAssistant(AssistantMessage assistant) {
		Content content = assistant.content();
		if (content instanceof Content.Text text) {
			this.lines.add(text.text());
		}
		else if (content != null) {
			addParts((Content.Parts) content);
		}
		if (this.extended) {
			addAssistantMarks(assistant);
		}
	}

	private void addAssistantMarks(AssistantMessage assistant) {
		String refusal = assistant.refusal();
		if (refusal != null) {
			this.lines.add("[refusal] " + refusal);
		}
		AssistantAudio audio = assistant.audio();
		if (audio != null) {
			this.lines.add(Marks.audioReply(audio));
		}
		for (ToolCall call : assistant.toolCalls()) {
			FunctionCall function = call.function();
			this.lines.add((function != null)
					? "[tool call " + function.name() + "(" + function.arguments() + ") id=" + call.id() + "]"
					: "[tool call " + call.type() + " id=" + call.id() + "]");
		}
		FunctionCall functionCall = assistant.functionCall();
		if (functionCall != null) {
			this.lines.add("[function call " + functionCall.name() + "(" + functionCall.arguments() + ")]");
		}
		Incomplete incomplete = assistant.incomplete();
		if (incomplete != null) {
			this.lines.add("[incomplete: " + Marks.describe(incomplete) + "]");
		}
	}

	private void addBlock(String heading, Content content) {
		this.lines.add(heading);
		if (content instanceof Content.Text text) {
			addIfNotEmpty(text.text());
		}
		else {
			addParts((Content.Parts) content);
		}
	}

	private void addParts(Content.Parts parts) {
		for (ContentPart part : parts.parts()) {
			if (part instanceof TextPart text) {
				addIfNotEmpty(text.text());
			}
			else {
				this.lines.add(mark(part));
			}
		}
	}

	private void addIfNotEmpty(String text) {
		if (!text.isEmpty()) {
			this.lines.add(text);
		}
	}

	private static String mark(ContentPart part) {
		if (part instanceof ImageUrlPart image) {
			return "<img src='" + image.imageUrl().url() + "' />";
		}
		if (part instanceof InputAudioPart audio) {
			return Marks.inputAudio(audio);
		}
		if (part instanceof FilePart file) {
			return Marks.file(file);
		}
		if (part instanceof RefusalPart refusal) {
			return "[refusal] " + refusal.refusal();
		}
		return ((TextPart) part).text();
	}

}
