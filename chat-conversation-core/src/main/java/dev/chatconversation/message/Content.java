package dev.chatconversation.message;

import java.util.List;
import java.util.Objects;

/**
 * The content of a message: either a plain string or a list of parts, as the API accepts
 * both.
 */
public sealed interface Content permits Content.Text, Content.Parts {

	/**
	 * The plain text of this content: the string itself, or the text parts joined without
	 * separator.
	 * @return the text, possibly empty
	 */
	String text();

	/**
	 * Content given as a plain string.
	 * @param text the text
	 * @return the content
	 */
	static Text of(String text) {
		return new Text(text);
	}

	/**
	 * Content given as a list of parts.
	 * @param parts the parts
	 * @return the content
	 */
	static Parts of(List<? extends ContentPart> parts) {
		return new Parts(List.copyOf(parts));
	}

	/**
	 * String content, written as a JSON string.
	 *
	 * @param text the text
	 */
	record Text(String text) implements Content {

		public Text {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * Content made of parts, written as a JSON array of typed objects.
	 *
	 * @param parts the parts, in order
	 */
	record Parts(List<ContentPart> parts) implements Content {

		public Parts {
			parts = List.copyOf(parts);
		}

		@Override
		public String text() {
			if (this.parts.size() == 1 && this.parts.get(0) instanceof TextPart part) {
				return part.text();
			}
			StringBuilder text = new StringBuilder();
			for (ContentPart part : this.parts) {
				if (part instanceof TextPart textPart) {
					text.append(textPart.text());
				}
			}
			return text.toString();
		}

	}

}
