package dev.chatconversation.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.chatconversation.message.Content;
import dev.chatconversation.message.InvalidConversationException;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import dev.chatconversation.message.TextPart;
import dev.chatconversation.message.UserMessage;
import org.jspecify.annotations.Nullable;

/**
 * The rules every store shares: how messages are written (one compact JSON object each,
 * every field kept), how a title is found, ids, times and the checks on a write.
 */
public final class StoredMessages {

	/** The longest title taken from a user message. */
	public static final int TITLE_LENGTH = 80;

	private static final Comparator<ConversationRecord> NEWEST_FIRST = Comparator
		.comparing(ConversationRecord::updatedAt)
		.thenComparing(ConversationRecord::id)
		.reversed();

	private StoredMessages() {
	}

	/**
	 * The JSON text of a message, as stores keep it.
	 * @param message the message
	 * @return compact JSON with every field
	 */
	public static String toJson(Message message) {
		return MessageJson.write(message);
	}

	/**
	 * The JSON texts of messages.
	 * @param messages the messages
	 * @return their JSON texts, in order
	 */
	public static List<String> toJson(List<? extends Message> messages) {
		List<String> json = new ArrayList<>(messages.size());
		for (Message message : messages) {
			json.add(toJson(message));
		}
		return json;
	}

	/**
	 * Reads a stored message.
	 * @param conversationId the conversation it belongs to
	 * @param index its index
	 * @param json its JSON text
	 * @return the message
	 * @throws ConversationStoreException if the text is not a valid message (the message
	 * names the conversation and the index)
	 */
	public static Message fromJson(String conversationId, int index, String json) {
		try {
			return MessageJson.read(json, "conversation '" + conversationId + "', message " + index);
		}
		catch (InvalidConversationException ex) {
			throw new ConversationStoreException(conversationId, "Conversation '" + conversationId
					+ "' holds a message that is not valid at index " + index + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads stored messages.
	 * @param conversationId the conversation they belong to
	 * @param json their JSON texts, in order
	 * @return the messages
	 */
	public static List<Message> fromJson(String conversationId, List<String> json) {
		List<Message> messages = new ArrayList<>(json.size());
		for (int i = 0; i < json.size(); i++) {
			messages.add(fromJson(conversationId, i, json.get(i)));
		}
		return messages;
	}

	/**
	 * The title for a conversation: the given one, else the start of the first user
	 * message's text.
	 * @param given the title given, if any
	 * @param messages the messages
	 * @return the title, or {@code null} if none was given and no user message has text
	 */
	public static @Nullable String title(@Nullable String given, List<? extends Message> messages) {
		if (given != null) {
			return given;
		}
		for (Message message : messages) {
			if (message instanceof UserMessage user) {
				String text = text(user.content()).strip().replaceAll("\\s+", " ");
				if (!text.isEmpty()) {
					return (text.length() <= TITLE_LENGTH) ? text : text.substring(0, TITLE_LENGTH - 1) + "…";
				}
			}
		}
		return null;
	}

	private static String text(Content content) {
		if (content instanceof Content.Text text) {
			return text.text();
		}
		StringBuilder joined = new StringBuilder();
		for (var part : ((Content.Parts) content).parts()) {
			if (part instanceof TextPart text) {
				joined.append(text.text()).append(' ');
			}
		}
		return joined.toString();
	}

	/**
	 * A new random conversation id.
	 * @return the id
	 */
	public static String newId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * A new random lease token.
	 * @return the token
	 */
	public static String newToken() {
		return UUID.randomUUID().toString();
	}

	/**
	 * The current time at the precision stores keep.
	 * @param clock the clock
	 * @return now, truncated to milliseconds
	 */
	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * Checks that a write is made under the lease the conversation holds.
	 * @param lease the lease the write is made under
	 * @param heldToken the token of the lease the conversation holds, if any
	 * @throws ConversationLeaseLostException if it is not that lease
	 */
	public static void checkHeld(ConversationLease lease, @Nullable String heldToken) {
		if (!lease.token().equals(heldToken)) {
			throw new ConversationLeaseLostException(lease.conversationId());
		}
	}

	/**
	 * Checks that a write is made on the stored version.
	 * @param conversationId the conversation
	 * @param expected the version the write expects
	 * @param actual the stored version
	 * @throws ConversationConflictException if they differ
	 */
	public static void checkVersion(String conversationId, long expected, long actual) {
		if (actual != expected) {
			throw ConversationConflictException.version(conversationId, expected, actual);
		}
	}

	/**
	 * One page of the records that match a query, the most recently updated first: for
	 * stores that filter in Java.
	 * @param matching every record of the query's owner after its cursor, in any order
	 * @param query the query
	 * @return the page, with the cursor of the next one if there are more
	 */
	public static ConversationPage page(List<ConversationRecord> matching, ConversationQuery query) {
		List<ConversationRecord> sorted = new ArrayList<>(matching);
		sorted.sort(NEWEST_FIRST);
		if (sorted.size() <= query.limit()) {
			return new ConversationPage(sorted, null);
		}
		List<ConversationRecord> page = sorted.subList(0, query.limit());
		return new ConversationPage(page, PageCursor.after(page.get(page.size() - 1)).toString());
	}

	/**
	 * Whether a record belongs to a query's list: its owner, after its cursor.
	 * @param record the record
	 * @param query the query
	 * @param after the query's cursor, parsed, or {@code null}
	 * @return whether the record is listed
	 */
	public static boolean matches(ConversationRecord record, ConversationQuery query, @Nullable PageCursor after) {
		return (query.owner() == null || query.owner().equals(record.owner()))
				&& (after == null || after.precedes(record));
	}

	/**
	 * Checks that a write keeps no more messages than there are.
	 * @param conversationId the conversation
	 * @param keep how many messages the write keeps
	 * @param count how many there are
	 * @throws IllegalArgumentException if {@code keep} is negative or above the count
	 */
	public static void checkKeep(String conversationId, int keep, int count) {
		if (keep < 0 || keep > count) {
			throw new IllegalArgumentException(
					"Cannot keep " + keep + " messages of conversation '" + conversationId + "': it holds " + count);
		}
	}

}
