package dev.chatconversation.store;

import org.jspecify.annotations.Nullable;

/**
 * Which conversations to list: those of one owner or all, one page at a time, the most
 * recently updated first.
 *
 * @param owner the owner whose conversations to list, or {@code null} for all
 * @param limit the most records a page holds, 1 to 1,000
 * @param after the {@link ConversationPage#next() cursor} of the previous page, or
 * {@code null} for the first page
 */
public record ConversationQuery(@Nullable String owner, int limit, @Nullable String after) {

	/** The page size of {@link #all()} and {@link #owner(String)}. */
	public static final int DEFAULT_LIMIT = 50;

	public ConversationQuery {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("A page holds 1 to 1000 conversations, not " + limit);
		}
		if (after != null) {
			PageCursor.parse(after);
		}
	}

	/**
	 * The first page of all conversations.
	 * @return the query
	 */
	public static ConversationQuery all() {
		return new ConversationQuery(null, DEFAULT_LIMIT, null);
	}

	/**
	 * The first page of one owner's conversations.
	 * @param owner the owner
	 * @return the query
	 */
	public static ConversationQuery owner(String owner) {
		return new ConversationQuery(owner, DEFAULT_LIMIT, null);
	}

	/**
	 * A copy with the given page size.
	 * @param limit the most records a page holds
	 * @return the copy
	 */
	public ConversationQuery withLimit(int limit) {
		return new ConversationQuery(this.owner, limit, this.after);
	}

	/**
	 * The query for the page after the given one.
	 * @param page the page just read
	 * @return the query for the next page, or {@code null} if that was the last
	 */
	public @Nullable ConversationQuery next(ConversationPage page) {
		return (page.next() != null) ? new ConversationQuery(this.owner, this.limit, page.next()) : null;
	}

}
