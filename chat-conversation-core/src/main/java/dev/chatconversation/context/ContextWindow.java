package dev.chatconversation.context;

import org.jspecify.annotations.Nullable;

/**
 * What each request of a conversation may send of its history: at most a number of
 * messages and/or a number of tokens. The stored history is never changed; only the
 * request is cut.
 *
 * <p>
 * The window keeps the leading system and developer messages, then as many of the last
 * turns as fit, each starting at a user message, so a tool call and its results are sent
 * or left out together. The turn of the new user message (with the tool rounds of the
 * running turn) is always sent, even when it alone exceeds the limits; the provider then
 * decides. Both limits count every message sent, the instructions included.
 *
 * <p>
 * Tokens are counted by {@link #tokenCounter()}, by default
 * {@link TokenCounter#forModel(String)} for the request's model: the model's real
 * encoding where it is known (OpenAI models), an estimate otherwise.
 *
 * <p>
 * With {@link #retryOnOverflow()}, a request that the provider rejects because the prompt
 * exceeds the model's context ({@code context_length_exceeded}, before any reply content)
 * is sent once more with half of the older turns left out; see {@link #RETRY_METADATA}.
 *
 * @param maxMessages the most messages a request sends, or {@code null} for no limit
 * @param maxTokens the most tokens the messages of a request may count, or {@code null}
 * for no limit
 * @param retryOnOverflow whether a request rejected for exceeding the model's context is
 * retried once with a smaller window
 * @param tokenCounter counts the tokens of a message, or {@code null} to choose by model
 */
public record ContextWindow(@Nullable Integer maxMessages, @Nullable Integer maxTokens, boolean retryOnOverflow,
		@Nullable TokenCounter tokenCounter) {

	/** No limit and no retry: every request sends the whole history. */
	public static final ContextWindow UNLIMITED = new ContextWindow(null, null, false, null);

	/**
	 * The key, in the {@code extra} map of the completion a turn returns, of the object
	 * that says the turn's request was retried with a smaller window:
	 * {@code {"messages_before": 12, "messages_after": 6}} (the messages of the rejected
	 * request and of the retry). It is set on the completion handed to the caller only,
	 * never in the history.
	 */
	public static final String RETRY_METADATA = "context_window_retry";

	public ContextWindow {
		if (maxMessages != null && maxMessages < 1) {
			throw new IllegalArgumentException(
					"The maximum number of messages must be at least 1, but was " + maxMessages);
		}
		if (maxTokens != null && maxTokens < 1) {
			throw new IllegalArgumentException("The maximum number of tokens must be at least 1, but was " + maxTokens);
		}
	}

	/**
	 * A builder for a window, with no limit and no retry to start with.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder(UNLIMITED);
	}

	/**
	 * A builder that starts from this window.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Whether the window may leave messages out of a request.
	 * @return {@code true} when a limit is set
	 */
	public boolean isLimited() {
		return this.maxMessages != null || this.maxTokens != null;
	}

	/**
	 * The token counter for a request's model: the one set, or the default for the model.
	 * @param model the request's model, or {@code null} if unknown
	 * @return the counter
	 */
	public TokenCounter tokenCounterFor(@Nullable String model) {
		return (this.tokenCounter != null) ? this.tokenCounter : TokenCounter.forModel(model);
	}

	/**
	 * Builds {@link ContextWindow} values.
	 */
	public static final class Builder {

		private @Nullable Integer maxMessages;

		private @Nullable Integer maxTokens;

		private boolean retryOnOverflow;

		private @Nullable TokenCounter tokenCounter;

		private Builder(ContextWindow window) {
			this.maxMessages = window.maxMessages;
			this.maxTokens = window.maxTokens;
			this.retryOnOverflow = window.retryOnOverflow;
			this.tokenCounter = window.tokenCounter;
		}

		/**
		 * Sets the most messages a request sends, instructions included.
		 * @param maxMessages the maximum, at least 1, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder maxMessages(@Nullable Integer maxMessages) {
			this.maxMessages = maxMessages;
			return this;
		}

		/**
		 * Sets the most tokens the messages of a request may count, instructions
		 * included.
		 * @param maxTokens the maximum, at least 1, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * Sets whether a request rejected because the prompt exceeds the model's context
		 * is sent once more with half of its older turns left out; off by default.
		 * @param retryOnOverflow whether to retry
		 * @return this builder
		 */
		public Builder retryOnOverflow(boolean retryOnOverflow) {
			this.retryOnOverflow = retryOnOverflow;
			return this;
		}

		/**
		 * Sets how tokens are counted, for models whose tokenizer the library does not
		 * know.
		 * @param tokenCounter the counter, or {@code null} to choose by model
		 * @return this builder
		 */
		public Builder tokenCounter(@Nullable TokenCounter tokenCounter) {
			this.tokenCounter = tokenCounter;
			return this;
		}

		/**
		 * Builds the window.
		 * @return the window
		 * @throws IllegalArgumentException if a limit is below 1
		 */
		public ContextWindow build() {
			return new ContextWindow(this.maxMessages, this.maxTokens, this.retryOnOverflow, this.tokenCounter);
		}

	}

}
