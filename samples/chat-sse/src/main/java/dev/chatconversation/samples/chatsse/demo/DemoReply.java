package dev.chatconversation.samples.chatsse.demo;

import java.util.List;

/**
 * The demo model's answer: the user's last message, quoted and clearly labelled, and a
 * few sentences about the demo.
 *
 * @param text the whole answer
 * @param promptTokens a rough token count of the request (its words)
 */
record DemoReply(String text, int promptTokens) {

	private static final int QUOTE_LIMIT = 200;

	static DemoReply to(String lastUserText, int userMessages, int promptWords) {
		String text = "(Demo model, offline) You said: \u201c" + quote(lastUserText) + "\u201d\n\n"
				+ "I am the small echo model built into this sample, so it works without an API key or a network. "
				+ "This is message " + userMessages + " of our conversation.\n\n"
				+ "To talk to a real model, set CHAT_BASE_URL, CHAT_API_KEY and CHAT_MODEL, then restart the app.";
		return new DemoReply(text, promptWords);
	}

	static DemoReply toToolResult(String result, int promptWords) {
		String text = "(Demo model, offline) I asked the " + DemoToolCall.TOOL + " tool, and it says: " + result
				+ "\n\nThat tool is a method of a bean annotated with @ChatToolMethod; the starter offered it "
				+ "to this conversation.";
		return new DemoReply(text, promptWords);
	}

	/**
	 * The answer in the pieces it is streamed in: words, each with the spaces or newlines
	 * before it, as real models send them.
	 * @return the pieces, which joined give {@link #text()}
	 */
	List<String> pieces() {
		return List.of(this.text.split("(?<=\\S)(?=\\s)"));
	}

	private static String quote(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		if (oneLine.codePointCount(0, oneLine.length()) <= QUOTE_LIMIT) {
			return oneLine;
		}
		return oneLine.substring(0, oneLine.offsetByCodePoints(0, QUOTE_LIMIT)) + "\u2026";
	}

}
