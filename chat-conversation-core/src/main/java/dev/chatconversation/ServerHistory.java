package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Albert's server-side history protocol: the first request names the {@code user} and
 * carries the whole history; the server keeps the chat, and later requests send only the
 * new messages with the previous response's {@code id} as an {@code id} body field.
 *
 * <p>
 * The local history stays complete. Whenever it no longer starts with exactly what the
 * server has (after a load, an edit, a regeneration or a failed turn), the next request
 * sends the whole history again and starts a new server chat, so the two can never
 * silently diverge.
 */
final class ServerHistory {

	private final String user;

	private @Nullable String chatId;

	private List<Message> serverMessages = List.of();

	private List<Message> pending = List.of();

	ServerHistory(String user) {
		this.user = user;
	}

	/**
	 * Sets the request's messages: the new ones when the server already has the rest, all
	 * of them otherwise.
	 */
	synchronized void prepare(ChatCompletionRequest.Builder request, List<Message> history) {
		request.user(this.user);
		int known = this.serverMessages.size();
		boolean continues = this.chatId != null && history.size() > known
				&& history.subList(0, known).equals(this.serverMessages);
		if (continues) {
			request.messages(history.subList(known, history.size()))
				.extraBodyField("id", JsonNodeFactory.instance.stringNode(this.chatId));
		}
		else {
			this.chatId = null;
			request.messages(history);
		}
		this.pending = history;
	}

	/** The server answered: it now holds the messages sent and its reply. */
	synchronized void answered(ChatCompletion completion) {
		if (completion.id() == null || completion.choices().isEmpty()) {
			forget();
			return;
		}
		List<Message> held = new ArrayList<>(this.pending.size() + 1);
		held.addAll(this.pending);
		held.add(completion.firstChoice().message());
		this.serverMessages = List.copyOf(held);
		this.chatId = completion.id();
	}

	/** A turn failed: the server's copy can no longer be trusted. */
	synchronized void forget() {
		this.chatId = null;
		this.serverMessages = List.of();
	}

}
