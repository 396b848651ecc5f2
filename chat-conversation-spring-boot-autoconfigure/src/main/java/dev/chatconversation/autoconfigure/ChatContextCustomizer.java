package dev.chatconversation.autoconfigure;

import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.boot.ChatConversationCustomizer;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.context.ContextWindow;

import org.springframework.core.Ordered;

/**
 * Gives every conversation the context window of {@code chat.context.*}. It runs before
 * the application's own {@link ChatConversationCustomizer customizers} (order 0), so they
 * and {@link ChatConversationFactory#newConversation(java.util.function.Consumer)} can
 * still set another window.
 */
final class ChatContextCustomizer implements ChatConversationCustomizer, Ordered {

	private final ContextWindow window;

	/**
	 * Creates a customizer.
	 * @param window the window every conversation gets
	 */
	ChatContextCustomizer(ContextWindow window) {
		this.window = window;
	}

	@Override
	public void customize(String connectionName, ChatCompletionsConversation.Builder builder) {
		if (!this.window.equals(ContextWindow.UNLIMITED)) {
			builder.contextWindow(this.window);
		}
	}

	@Override
	public int getOrder() {
		return 0;
	}

	/**
	 * The window every conversation gets.
	 * @return the window
	 */
	public ContextWindow window() {
		return this.window;
	}

}
