package dev.chatconversation.transcript;

import java.util.ArrayList;
import java.util.List;

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
 * Writes a conversation's messages as a transcript for people to read, as plain text in
 * the Python library's layout or as Markdown.
 *
 * <p>
 * <b>Plain text</b> ({@link #toText}) is, for every history the Python library
 * {@code chat-completions-conversation} can load, exactly what its
 * {@code export_to_text()} returns. It is a list of lines joined with one blank line
 * between every two, and with no line break at the end:
 * <ul>
 * <li>{@code User [N]:} starts each user message, N counting user messages from 1; its
 * text follows when not empty, and an image as {@code <img src='URL' />}, the URL written
 * as it is. As the Python library splits a multi-part user message on load (a text
 * followed by an image stays together, any other text or image stands alone), each piece
 * gets its own heading and number, while the history keeps one message.</li>
 * <li>{@code Assistant [N]:} starts each reply, N the number of the last user message (0
 * before the first); its text follows, even when empty.</li>
 * <li>Texts are written as they are, with their line breaks.</li>
 * </ul>
 * Histories the Python library cannot load (it knows only user and assistant messages,
 * user text and image parts and assistant string content) get the same layout, extended:
 * {@code System:}, {@code Developer:}, {@code Tool result [id]:} and
 * {@code Function result [name]:} lines start the messages of those roles; input audio,
 * files and refusal parts are marks in place of an image; after a reply's text come the
 * lines {@code [refusal] text}, {@code [audio reply: transcript]},
 * {@code [tool call name(arguments) id=id]} (or {@code [tool call type id=id]}),
 * {@code [function call name(arguments)]} and {@code [incomplete: reason (detail)]}. A
 * history the Python library can load shows none of these marks, as the Python library
 * ignores those fields. Reasoning content is never exported.
 *
 * <p>
 * <b>Markdown</b> ({@link #toMarkdown}) writes one block per message, in order, separated
 * by exactly one blank line; a non-empty transcript ends with exactly one line break and
 * an empty conversation gives the empty string. A block starts with a level-3 heading
 * ({@code ### User [1]}, {@code ### Assistant [1]}, {@code ### System},
 * {@code ### Developer}, {@code ### Tool result (id)},
 * {@code ### Function result (name)}) and separates the heading and every element by a
 * blank line, so each element is its own paragraph. Texts are not escaped, as replies are
 * usually Markdown already, and lose their trailing line breaks; empty texts are left
 * out. An image is {@code ![image](URL)}, with the URL written between {@code <} and
 * {@code >} when it holds spaces, parentheses or angle brackets; a refusal is the quote
 * {@code > **Refused:** text}; a tool call is the line {@code **Tool call** `name` (id)}
 * followed by a fenced {@code json} block holding the arguments as the model wrote them;
 * a legacy function call is {@code **Function call** `name`} and its fenced block; an
 * incomplete reply is the quote {@code > *Incomplete: reason (detail)*}.
 *
 * <p>
 * Both formats write the same marks for the rest: input audio as
 * {@code [audio: wav, 12.3 KB]}, an assistant's audio as
 * {@code [audio reply: transcript]} (its id when there is no transcript), a file as
 * {@code [file: name]} (its file id when unnamed, else its shortened data URL). Inline
 * data is never written out, except images in plain text: a {@code data:} URL keeps
 * everything up to and including its first comma, then an ellipsis ({@code U+2026}) and
 * its size in parentheses, as in {@code data:image/png;base64,…(12.3 KB)}. Sizes are in
 * KB of 1024 bytes with one decimal: the decoded size of base64 data, the length in
 * characters of other data.
 */
public final class TranscriptExport {

	private TranscriptExport() {
	}

	/**
	 * The plain text transcript of the given messages, in the Python library's layout.
	 * @param messages the messages, in order
	 * @return the transcript, empty when there are no messages
	 */
	public static String toText(List<? extends Message> messages) {
		return PythonTextLayout.text(messages);
	}

	/**
	 * The Markdown transcript of the given messages.
	 * @param messages the messages, in order
	 * @return the transcript, empty when there are no messages
	 */
	public static String toMarkdown(List<? extends Message> messages) {
		return export(messages, TranscriptMarkup.MARKDOWN);
	}

	private static String export(List<? extends Message> messages, TranscriptMarkup markup) {
		StringBuilder transcript = new StringBuilder();
		int userMessages = 0;
		for (Message message : messages) {
			if (message instanceof UserMessage) {
				userMessages++;
			}
			if (!transcript.isEmpty()) {
				transcript.append("\n\n");
			}
			transcript.append(block(message, userMessages, markup));
		}
		return transcript.isEmpty() ? "" : transcript.append('\n').toString();
	}

	private static String block(Message message, int userMessages, TranscriptMarkup markup) {
		if (message instanceof UserMessage user) {
			return markup.block("User [" + userMessages + "]", elements(user.content(), markup));
		}
		if (message instanceof AssistantMessage assistant) {
			return markup.block("Assistant [" + userMessages + "]", elements(assistant, markup));
		}
		if (message instanceof SystemMessage system) {
			return markup.block("System", elements(system.content(), markup));
		}
		if (message instanceof DeveloperMessage developer) {
			return markup.block("Developer", elements(developer.content(), markup));
		}
		if (message instanceof ToolMessage tool) {
			return markup.block("Tool result " + markup.reference(tool.toolCallId()), elements(tool.content(), markup));
		}
		FunctionMessage function = (FunctionMessage) message;
		return markup.block("Function result " + markup.reference(function.name()), List.of(function.text()));
	}

	private static List<String> elements(AssistantMessage assistant, TranscriptMarkup markup) {
		List<String> elements = new ArrayList<>();
		Content content = assistant.content();
		if (content != null) {
			elements.addAll(elements(content, markup));
		}
		String refusal = assistant.refusal();
		if (refusal != null) {
			elements.add(markup.refusal(refusal));
		}
		AssistantAudio audio = assistant.audio();
		if (audio != null) {
			elements.add(Marks.audioReply(audio));
		}
		for (ToolCall call : assistant.toolCalls()) {
			FunctionCall function = call.function();
			elements.add((function != null) ? markup.toolCall(function, call.id()) : markup.toolCall(call));
		}
		FunctionCall functionCall = assistant.functionCall();
		if (functionCall != null) {
			elements.add(markup.functionCall(functionCall));
		}
		Incomplete incomplete = assistant.incomplete();
		if (incomplete != null) {
			elements.add(markup.incomplete(incomplete));
		}
		return elements;
	}

	private static List<String> elements(Content content, TranscriptMarkup markup) {
		if (content instanceof Content.Parts parts) {
			return parts.parts().stream().map((part) -> element(part, markup)).toList();
		}
		return List.of(content.text());
	}

	private static String element(ContentPart part, TranscriptMarkup markup) {
		if (part instanceof TextPart text) {
			return text.text();
		}
		if (part instanceof ImageUrlPart image) {
			return markup.image(Marks.abbreviate(image.imageUrl().url()));
		}
		if (part instanceof InputAudioPart audio) {
			return Marks.inputAudio(audio);
		}
		if (part instanceof FilePart file) {
			return Marks.file(file);
		}
		return markup.refusal(((RefusalPart) part).refusal());
	}

}
