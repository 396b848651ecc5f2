package dev.chatconversation;

import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.context.ContextWindow;
import org.jspecify.annotations.Nullable;

/**
 * What a conversation is set up with, fixed when it is built and shared by its forks.
 *
 * @param client the client, or {@code null} for a conversation that only edits and saves
 * its history
 * @param requestDefaults the request every turn starts from, without messages
 * @param toolPolicy the tools and how they are run
 * @param serverHistoryUser the user of Albert's server-side history, or {@code null} to
 * send the whole history every time
 * @param contextWindow what each request sends of the history
 * @param observations how turns and tool rounds are observed
 */
record ConversationSettings(@Nullable ChatCompletionsClient client, ChatCompletionRequest requestDefaults,
		ToolPolicy toolPolicy, @Nullable String serverHistoryUser, ContextWindow contextWindow,
		TurnObservations observations) {

	/** A runner for the turns of one conversation; each conversation needs its own. */
	TurnRunner newRunner() {
		ServerHistory serverHistory = (this.serverHistoryUser != null) ? new ServerHistory(this.serverHistoryUser)
				: null;
		return new TurnRunner(this.client, this.requestDefaults, this.toolPolicy, serverHistory, this.contextWindow,
				this.observations);
	}

}
