package dev.chatconversation.transcript;

import java.util.List;

import dev.chatconversation.message.FunctionCall;
import dev.chatconversation.message.Incomplete;
import dev.chatconversation.message.ToolCall;

/**
 * The syntax of the Markdown transcript {@link TranscriptExport} writes: how a block is
 * headed and laid out, and how images, refusals, tool calls and incomplete marks look.
 */
enum TranscriptMarkup {

	/**
	 * Markdown for chat logs pasted into documents.
	 */
	MARKDOWN {

		@Override
		String heading(String label) {
			return "### " + label;
		}

		@Override
		String separator() {
			return "\n\n";
		}

		@Override
		String reference(String id) {
			return "(" + id + ")";
		}

		@Override
		String image(String url) {
			return "![image](" + destination(url) + ")";
		}

		@Override
		String refusal(String text) {
			return "> **Refused:** " + String.join("\n> ", text.lines().toList());
		}

		@Override
		String toolCall(FunctionCall function, String id) {
			return fenced("**Tool call** `" + function.name() + "` (" + id + ")", function.arguments());
		}

		@Override
		String toolCall(ToolCall call) {
			return "**Tool call** `" + call.type() + "` (" + call.id() + ")";
		}

		@Override
		String functionCall(FunctionCall function) {
			return fenced("**Function call** `" + function.name() + "`", function.arguments());
		}

		@Override
		String incomplete(Incomplete incomplete) {
			return "> *Incomplete: " + Marks.describe(incomplete) + "*";
		}

	};

	abstract String heading(String label);

	abstract String separator();

	abstract String reference(String id);

	abstract String image(String url);

	abstract String refusal(String text);

	abstract String toolCall(FunctionCall function, String id);

	abstract String toolCall(ToolCall call);

	abstract String functionCall(FunctionCall function);

	abstract String incomplete(Incomplete incomplete);

	/**
	 * One block of the transcript: the heading, then each non-empty element without its
	 * trailing line breaks, so that blocks stay one blank line apart.
	 * @param label the heading's label
	 * @param elements the body's elements, in order
	 * @return the block, without a final line break
	 */
	final String block(String label, List<String> elements) {
		StringBuilder block = new StringBuilder(heading(label));
		for (String element : elements) {
			String text = withoutTrailingLineBreaks(element);
			if (!text.isEmpty()) {
				block.append(separator()).append(text);
			}
		}
		return block.toString();
	}

	private static String withoutTrailingLineBreaks(String text) {
		int end = text.length();
		while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
			end--;
		}
		return text.substring(0, end);
	}

	private static String destination(String url) {
		boolean plain = url.chars().noneMatch((c) -> c == ' ' || c == '(' || c == ')' || c == '<' || c == '>');
		return plain ? url : "<" + url.replace("<", "%3C").replace(">", "%3E") + ">";
	}

	private static String fenced(String heading, String code) {
		String fence = "`".repeat(Math.max(3, longestBacktickRun(code) + 1));
		return heading + "\n" + fence + "json\n" + withoutTrailingLineBreaks(code) + "\n" + fence;
	}

	private static int longestBacktickRun(String text) {
		int longest = 0;
		int run = 0;
		for (int i = 0; i < text.length(); i++) {
			run = (text.charAt(i) == '`') ? run + 1 : 0;
			longest = Math.max(longest, run);
		}
		return longest;
	}

}
