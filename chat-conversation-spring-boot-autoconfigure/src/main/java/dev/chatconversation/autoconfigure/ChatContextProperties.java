package dev.chatconversation.autoconfigure;

import dev.chatconversation.context.ContextWindow;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the context window, bound to {@code chat.context.*}: what
 * each request of a conversation sends of its history, for every connection's
 * conversations. The stored history is never changed.
 *
 * @see ContextWindow
 */
@ConfigurationProperties("chat.context")
public class ChatContextProperties {

	/**
	 * Most messages each request sends, instructions included, keeping the leading system
	 * and developer messages and the most recent whole turns; unset sends every message.
	 */
	private @Nullable Integer maxMessages;

	/**
	 * Most tokens the messages of each request may count, with the model's tokenizer for
	 * OpenAI models and an estimate of 4 characters per token otherwise; unset for no
	 * budget.
	 */
	private @Nullable Integer maxTokens;

	/**
	 * Whether a request rejected because the prompt exceeds the model's context is sent
	 * once more with half of its older turns left out.
	 */
	private boolean retryOnOverflow;

	public @Nullable Integer getMaxMessages() {
		return this.maxMessages;
	}

	public void setMaxMessages(@Nullable Integer maxMessages) {
		this.maxMessages = maxMessages;
	}

	public @Nullable Integer getMaxTokens() {
		return this.maxTokens;
	}

	public void setMaxTokens(@Nullable Integer maxTokens) {
		this.maxTokens = maxTokens;
	}

	public boolean isRetryOnOverflow() {
		return this.retryOnOverflow;
	}

	public void setRetryOnOverflow(boolean retryOnOverflow) {
		this.retryOnOverflow = retryOnOverflow;
	}

	/**
	 * The window these properties describe.
	 * @return the window, {@link ContextWindow#UNLIMITED} when nothing is set
	 * @throws IllegalArgumentException if a limit is below 1
	 */
	ContextWindow toContextWindow() {
		return ContextWindow.builder()
			.maxMessages(this.maxMessages)
			.maxTokens(this.maxTokens)
			.retryOnOverflow(this.retryOnOverflow)
			.build();
	}

}
