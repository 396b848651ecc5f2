package dev.chatconversation.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.ConversationBusyException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the replies of the store's Lua script: a status first, then the record or lease
 * fields. A refusal becomes the exception the {@link ConversationStore} contract names; a
 * record that is not as the store writes it fails naming the conversation and the field.
 */
final class RedisStoreReplies {

	private static final String[] FIELDS = { "id", "owner", "title", "model", "created", "updated", "version",
			"message count" };

	private RedisStoreReplies() {
	}

	/**
	 * Checks the reply's status.
	 * @param id the conversation
	 * @param reply the reply
	 * @param expectedVersion the version the call expected, for a conflict's message
	 * @param keep the number of messages the call kept, for a refusal's message
	 * @return the reply, if its status is {@code OK}
	 */
	static List<Object> ok(String id, List<Object> reply, long expectedVersion, int keep) {
		String status = String.valueOf(reply.get(0));
		switch (status) {
			case "OK" -> {
				return reply;
			}
			case "NOT_FOUND" -> throw new ConversationNotFoundException(id);
			case "LOST" -> throw new ConversationLeaseLostException(id);
			case "EXISTS" ->
				throw new ConversationConflictException(id, "Conversation '" + id + "' already exists in the store");
			case "BUSY" -> throw ConversationBusyException.leased(id, instant(id, "lease expiry", reply.get(1)));
			case "CONFLICT" ->
				throw ConversationConflictException.version(id, expectedVersion, number(id, "version", reply.get(1)));
			case "KEEP" -> {
				StoredMessages.checkKeep(id, keep, (int) number(id, "message count", reply.get(1)));
				throw new IllegalStateException("Redis refused to keep " + keep + " messages of '" + id + "'");
			}
			default -> throw new ConversationStoreException(id,
					"Could not use conversation '" + id + "': the Redis script replied " + status, null);
		}
	}

	/**
	 * A record from its fields: id, owner, title, model, created, updated, version,
	 * message count.
	 */
	static ConversationRecord record(String id, List<?> fields) {
		return new ConversationRecord(id, text(fields.get(1)), text(fields.get(2)), text(fields.get(3)),
				instant(id, FIELDS[4], fields.get(4)), instant(id, FIELDS[5], fields.get(5)),
				number(id, FIELDS[6], fields.get(6)), (int) number(id, FIELDS[7], fields.get(7)));
	}

	/**
	 * The records of a list reply, after its status; an index entry left without its hash
	 * is skipped.
	 */
	static List<ConversationRecord> records(List<Object> reply) {
		List<ConversationRecord> records = new ArrayList<>(reply.size() - 1);
		for (Object item : reply.subList(1, reply.size())) {
			List<?> fields = (List<?>) item;
			String id = String.valueOf(fields.get(0));
			if (fields.get(4) != null || fields.get(6) != null) {
				records.add(record(id, fields));
			}
		}
		return records;
	}

	/** A lease from a reply of status, version and message count. */
	static ConversationLease lease(String id, String token, List<Object> reply, Instant expiry, Duration duration) {
		return new ConversationLease(id, token, number(id, "version", reply.get(1)),
				(int) number(id, "message count", reply.get(2)), expiry, duration);
	}

	/** The message texts of a load reply, after the record fields. */
	static List<String> messages(List<Object> reply) {
		List<String> messages = new ArrayList<>();
		for (Object message : (List<?>) reply.get(8)) {
			messages.add(String.valueOf(message));
		}
		return messages;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static Instant instant(String id, String field, @Nullable Object value) {
		return Instant.ofEpochMilli(number(id, field, value));
	}

	private static long number(String id, String field, @Nullable Object value) {
		if (value instanceof Long number) {
			return number;
		}
		try {
			return Long.parseLong(String.valueOf(value));
		}
		catch (NumberFormatException ex) {
			throw new ConversationStoreException(id, "Conversation '" + id + "' has a damaged record in Redis: its "
					+ field + " is " + value + ", not a number", ex);
		}
	}

}
