-- Tables of dev.chatconversation.store.JdbcConversationStore on H2 2.x: the PostgreSQL script
-- (schema-postgresql.sql, which documents the columns) in H2's types. H2 compares strings
-- by code point unless told otherwise, so ids need no collation.

CREATE TABLE IF NOT EXISTS chat_conversations (
	id VARCHAR(200) NOT NULL,
	owner VARCHAR(200),
	title VARCHAR,
	model VARCHAR(200),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL,
	message_count INTEGER NOT NULL,
	lease_token VARCHAR(64),
	lease_expires_at BIGINT,
	checkpoint VARCHAR,
	PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS chat_conversations_by_owner
	ON chat_conversations (owner, updated_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS chat_messages (
	conversation_id VARCHAR(200) NOT NULL,
	idx INTEGER NOT NULL,
	json VARCHAR NOT NULL,
	PRIMARY KEY (conversation_id, idx),
	FOREIGN KEY (conversation_id) REFERENCES chat_conversations (id) ON DELETE CASCADE
);
