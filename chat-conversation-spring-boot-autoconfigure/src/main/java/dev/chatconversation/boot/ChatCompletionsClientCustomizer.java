package dev.chatconversation.boot;

import dev.chatconversation.client.ChatCompletionsClient;

/**
 * Customizes the {@link ChatCompletionsClient.Builder} of each auto-configured client
 * before it is built: timeouts, retries, headers, or an {@code HttpClient} of your own.
 */
@FunctionalInterface
public interface ChatCompletionsClientCustomizer {

	/**
	 * Customizes a client builder.
	 * @param connectionName the connection, {@code default} for {@code chat.*} or the
	 * name under {@code chat.connections}
	 * @param builder the builder to customize
	 */
	void customize(String connectionName, ChatCompletionsClient.Builder builder);

}
