package dev.chatconversation.samples.chatsse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.chatconversation.store.ConversationPage;
import dev.chatconversation.store.ConversationQuery;
import dev.chatconversation.store.ConversationRecord;
import dev.chatconversation.store.ConversationStore;
import org.jspecify.annotations.Nullable;

/**
 * Walks the store's conversation lists page by page, the most recently changed first, to
 * count and to trim chats.
 */
final class ChatPages {

	private static final int PAGE = 500;

	private ChatPages() {
	}

	/**
	 * Counts conversations, stopping at a limit.
	 * @param store the store
	 * @param query whose conversations
	 * @param limit where to stop counting
	 * @return the count, at most {@code limit}
	 */
	static int countUpTo(ConversationStore store, ConversationQuery query, int limit) {
		int count = 0;
		@Nullable ConversationQuery next = query.withLimit(Math.max(1, Math.min(PAGE, limit)));
		while (next != null && count < limit) {
			ConversationPage page = store.list(next);
			count += page.conversations().size();
			next = next.next(page);
		}
		return Math.min(count, limit);
	}

	/**
	 * Deletes every conversation but the {@code keep} most recently changed.
	 * @param store the store
	 * @param query whose conversations
	 * @param keep how many stay
	 * @return how many were deleted
	 */
	static int deleteAllBut(ConversationStore store, ConversationQuery query, int keep) {
		int[] seen = { 0 };
		return delete(store, query, (record) -> seen[0]++ >= keep);
	}

	/**
	 * Deletes the conversations last changed before a time.
	 * @param store the store
	 * @param cutoff the time
	 * @return how many were deleted
	 */
	static int deleteChangedBefore(ConversationStore store, Instant cutoff) {
		return delete(store, ConversationQuery.all(), (record) -> record.updatedAt().isBefore(cutoff));
	}

	private static int delete(ConversationStore store, ConversationQuery query, Predicate<ConversationRecord> doomed) {
		List<String> ids = new ArrayList<>();
		@Nullable ConversationQuery next = query.withLimit(PAGE);
		while (next != null) {
			ConversationPage page = store.list(next);
			page.conversations().stream().filter(doomed).map(ConversationRecord::id).forEach(ids::add);
			next = next.next(page);
		}
		// deleted once listed: the cursors are times and ids, not offsets, but a page
		// read
		// after a deletion would still be correct
		ids.forEach(store::delete);
		return ids.size();
	}

	/**
	 * One page of a client's chats.
	 *
	 * @param chats the chats, the most recently changed first
	 * @param next the cursor of the next page, or {@code null} if this is the last
	 */
	record Page(List<ChatSummary> chats, @Nullable String next) {

	}

}
