package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
 * Writes a conversation's messages as a transcript for people to read, as plain text or
 * as Markdown.
 *
 * <p>
 * Both formats write one block per message, in order, separated by exactly one blank
 * line; a non-empty transcript ends with exactly one line break and an empty conversation
 * gives the empty string. A block starts with a heading naming the message:
 * {@code User [N]} where N counts user messages from 1, {@code Assistant [N]} where N is
 * the number of the user message the reply answers (0 before the first user message),
 * {@code System}, {@code Developer}, a tool result naming the tool call id and a legacy
 * function result naming the function. The body follows, one element after another: texts
 * and content parts in order, then (on assistant replies) the refusal, the audio reply,
 * the tool calls, the legacy function call and the incomplete mark. Texts are written as
 * they are, except that line breaks at their end are dropped and empty texts are left
 * out. Reasoning content is never exported.
 *
 * <p>
 * The plain text format is the transcript of the Python library
 * {@code chat-completions-conversation}, extended to the message kinds it lacks:
 *
 * <pre>
 * User [1]:
 * &lt;img src='https://example.com/dog.png' /&gt;
 * What is this?
 *
 * Assistant [1]:
 * A dog.
 * [tool call lookup({"q":"dog"}) id=call_1]
 * </pre>
 *
 * Headings end with a colon; elements are on consecutive lines; tool results are headed
 * {@code Tool result [id]:} and function results {@code Function result [name]:}. An
 * image is {@code <img src='URL' />} with {@code '} in the URL written {@code %27}; a
 * refusal is {@code [refusal] text}; a tool call
 * {@code [tool call name(arguments) id=id]} (or {@code [tool call type id=id]} for
 * non-function tools); a legacy function call {@code [function call name(arguments)]}; an
 * incomplete reply {@code [incomplete: reason]} or {@code [incomplete: reason (detail)]}.
 *
 * <p>
 * The Markdown format heads each block with a level-3 heading ({@code ### User [1]},
 * {@code ### Tool result (id)}, {@code ### Function result (name)}) and separates the
 * heading and every element by a blank line, so each element is its own paragraph. Texts
 * are not escaped, as replies are usually Markdown already. An image is
 * {@code ![image](URL)}, with the URL written between {@code <} and {@code >} when it
 * holds spaces, parentheses or angle brackets; a refusal is the quote
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
 * data is never written out: a {@code data:} URL keeps everything up to and including its
 * first comma, then an ellipsis ({@code U+2026}) and its size in parentheses, as in
 * {@code data:image/png;base64,…(12.3 KB)}. Sizes are in KB of 1024 bytes with one
 * decimal: the decoded size of base64 data, the length in characters of other data. Other
 * URLs are written unchanged apart from the escaping described above.
 */
final class TranscriptExport {

	private static final char ELLIPSIS = '\u2026';

	private TranscriptExport() {
	}

	/**
	 * The plain text transcript of the given messages.
	 * @param messages the messages, in order
	 * @return the transcript, empty when there are no messages
	 */
	static String toText(List<Message> messages) {
		return export(messages, TranscriptMarkup.TEXT);
	}

	/**
	 * The Markdown transcript of the given messages.
	 * @param messages the messages, in order
	 * @return the transcript, empty when there are no messages
	 */
	static String toMarkdown(List<Message> messages) {
		return export(messages, TranscriptMarkup.MARKDOWN);
	}

	private static String export(List<Message> messages, TranscriptMarkup markup) {
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
			elements.add(audioReply(audio));
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

	private static String audioReply(AssistantAudio audio) {
		String transcript = audio.transcript();
		return "[audio reply: " + ((transcript != null) ? transcript : audio.id()) + "]";
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
			return markup.image(abbreviate(image.imageUrl().url()));
		}
		if (part instanceof InputAudioPart audio) {
			InputAudioPart.InputAudio inputAudio = audio.inputAudio();
			return "[audio: " + inputAudio.format() + ", " + kilobytes(decodedLength(inputAudio.data())) + "]";
		}
		if (part instanceof FilePart file) {
			return "[file: " + fileName(file.file()) + "]";
		}
		return markup.refusal(((RefusalPart) part).refusal());
	}

	private static String fileName(FilePart.FileRef file) {
		String name = (file.filename() != null) ? file.filename() : file.fileId();
		return (name != null) ? name : abbreviate(Objects.requireNonNull(file.fileData()));
	}

	/**
	 * Shortens a {@code data:} URL to its header, an ellipsis and its size; returns any
	 * other URL unchanged.
	 * @param url the URL
	 * @return the URL to write
	 */
	static String abbreviate(String url) {
		if (!url.regionMatches(true, 0, "data:", 0, 5)) {
			return url;
		}
		int comma = url.indexOf(',');
		String header = (comma >= 0) ? url.substring(0, comma + 1) : "data:";
		String payload = url.substring(header.length());
		boolean base64 = header.toLowerCase(Locale.ROOT).endsWith(";base64,");
		long size = base64 ? decodedLength(payload) : payload.length();
		return header + ELLIPSIS + "(" + kilobytes(size) + ")";
	}

	private static long decodedLength(String base64) {
		long symbols = base64.chars().filter(TranscriptExport::isBase64Symbol).count();
		return symbols * 3 / 4;
	}

	private static boolean isBase64Symbol(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
				|| c == '-' || c == '_';
	}

	private static String kilobytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

}
