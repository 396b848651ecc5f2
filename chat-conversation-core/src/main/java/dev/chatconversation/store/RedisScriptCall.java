package dev.chatconversation.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.message.Message;
import org.jspecify.annotations.Nullable;

/**
 * One call of the store's Lua script on a conversation: its operation and arguments, in
 * the order the script reads them (operation, key prefix, id, sort id, time, then the
 * operation's own), and the words that name it in an error.
 */
final class RedisScriptCall {

	private final String op;

	private final String id;

	private final List<String> args = new ArrayList<>();

	private RedisScriptCall(String op, String id) {
		this.op = op;
		this.id = id;
	}

	static RedisScriptCall of(String op, RedisStoreKeys keys, String id, Instant now) {
		RedisScriptCall call = new RedisScriptCall(op, id);
		return call.arg(op).arg(keys.prefix()).arg(id).arg(RedisStoreKeys.sortId(id)).arg(now.toEpochMilli());
	}

	RedisScriptCall arg(Object value) {
		this.args.add(String.valueOf(value));
		return this;
	}

	/** Adds the pairs of the given fields that are set, after their count. */
	RedisScriptCall fields(String[] names, @Nullable String... values) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			if (values[i] != null) {
				pairs.add(names[i]);
				pairs.add(values[i]);
			}
		}
		this.args.add(Integer.toString(pairs.size()));
		this.args.addAll(pairs);
		return this;
	}

	/** Adds the title the messages give (or an empty text), then the messages. */
	RedisScriptCall titleAndMessages(List<? extends Message> messages) {
		String title = StoredMessages.title(null, messages);
		return arg((title != null) ? title : "").messages(messages);
	}

	RedisScriptCall messages(List<? extends Message> messages) {
		this.args.addAll(StoredMessages.toJson(messages));
		return this;
	}

	String id() {
		return this.id;
	}

	String[] args() {
		return this.args.toArray(String[]::new);
	}

	/** Whether the call may change the conversation, when it fails without an answer. */
	boolean writes() {
		return !this.op.equals("load");
	}

	/** What the call does, as an error names it. */
	String what() {
		String action = switch (this.op) {
			case "create" -> "create conversation";
			case "load" -> "load conversation";
			case "delete" -> "delete conversation";
			case "acquire" -> "acquire the lease of conversation";
			case "start" -> "start a turn in conversation";
			case "checkpoint" -> "checkpoint conversation";
			case "complete" -> "complete the turn of conversation";
			case "release" -> "release the lease of conversation";
			default -> "append to conversation";
		};
		return action + " '" + this.id + "'";
	}

}
