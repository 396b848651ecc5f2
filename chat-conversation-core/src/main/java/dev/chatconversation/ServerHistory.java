package dev.chatconversation;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Albert's early server-side history protocol: requests name the {@code user}; the
 * response {@code id}, sent back as an {@code id} body field, continues the server's
 * chat, so later requests send only what is new.
 *
 * <p>
 * That API stored only the <em>last</em> message of each request (and its reply), so this
 * class sends what the server does not keep:
 * <ul>
 * <li>the leading system and developer messages go with every request, as the server
 * never holds them;</li>
 * <li>a request continues the server's chat only when exactly one message is new (a user
 * message, or the result of a single tool call); when more are new (the results of
 * parallel tool calls, a history loaded, edited or regenerated, a failed turn), the whole
 * history is sent without {@code id}. The server then starts a chat holding only that
 * request's last message, which no longer matches the local history, so from then on the
 * conversation sends the whole history on every request.</li>
 * </ul>
 * The local history stays complete, and the model always sees all of it (or the context
 * window's part of it). The protocol is in no released Albert version, which a warning
 * says when a conversation is built with it.
 */
final class ServerHistory {

	private static final Log logger = LogFactory.getLog(ServerHistory.class);

	private final String user;

	private @Nullable String chatId;

	/** What the server holds of the chat, instructions left out. */
	private List<Message> held = List.of();

	private List<Message> pending = List.of();

	ServerHistory(String user) {
		this.user = user;
		logger.warn("Albert server-side history is on: this protocol is not in any released Albert version and"
				+ " stored only the last message of each request; the conversation resends its instructions"
				+ " every time and the whole history whenever the server cannot hold it");
	}

	/**
	 * Sets the request's messages: the instructions and the one new message when the
	 * server holds the rest, all of them otherwise.
	 */
	synchronized void prepare(ChatCompletionRequest.Builder request, List<Message> history) {
		request.user(this.user);
		int instructions = History.instructionCount(history);
		List<Message> chat = history.subList(instructions, history.size());
		int known = this.held.size();
		boolean continues = this.chatId != null && chat.size() == known + 1 && chat.subList(0, known).equals(this.held);
		if (continues) {
			List<Message> sent = new ArrayList<>(history.subList(0, instructions));
			sent.add(chat.get(known));
			request.messages(sent).extraBodyField("id", JsonNodeFactory.instance.stringNode(this.chatId));
		}
		else {
			this.chatId = null;
			this.held = List.of();
			request.messages(history);
		}
		this.pending = continues ? chat : lastOf(chat);
	}

	/** The server answered: it now holds the last message sent and its reply. */
	synchronized void answered(ChatCompletion completion) {
		if (completion.id() == null || completion.choices().isEmpty()) {
			forget();
			return;
		}
		List<Message> held = new ArrayList<>(this.pending.size() + 1);
		held.addAll(this.pending);
		held.add(completion.firstChoice().message());
		this.held = List.copyOf(held);
		this.chatId = completion.id();
	}

	/** A turn failed: the server's copy can no longer be trusted. */
	synchronized void forget() {
		this.chatId = null;
		this.held = List.of();
	}

	private static List<Message> lastOf(List<Message> chat) {
		return chat.isEmpty() ? List.of() : List.of(chat.get(chat.size() - 1));
	}

}
