-- Tables of dev.chatconversation.store.JdbcConversationStore on PostgreSQL 9.5 or later.
--
-- JdbcConversationStore.initializeSchema() runs this script on PostgreSQL (schema-h2.sql on H2)
-- with the store's table prefix in place of the default prefix; it can also be run as it is
-- (psql -f) for that default.
-- Every statement is idempotent (IF NOT EXISTS), so running it again changes nothing.
--
-- Times are epoch milliseconds (UTC) from the application's clock, so every database
-- compares them the same way. Other databases run the same tables with their own names
-- for the types and clauses PostgreSQL spells its own way:
--   TEXT              MySQL/MariaDB: LONGTEXT; Oracle: CLOB; SQL Server: NVARCHAR(MAX); H2: CLOB;
--                     HSQLDB: LONGVARCHAR
--   COLLATE "C"       a binary collation, so ids sort as Java compares them
--                     (MySQL: utf8mb4_bin; SQL Server: Latin1_General_100_BIN2_UTF8; H2, HSQLDB, Oracle: drop it)
--   IF NOT EXISTS     MySQL has none on CREATE INDEX, Oracle on neither: create them once by hand
-- Listing uses FETCH FIRST n ROWS ONLY (SQL:2008): PostgreSQL, Oracle 12c+, DB2, H2 and
-- SQL Server (with ORDER BY ... OFFSET 0 ROWS) run it; MySQL and MariaDB before 10.6 do not.

CREATE TABLE IF NOT EXISTS chat_conversations (
	id VARCHAR(200) COLLATE "C" NOT NULL,
	owner VARCHAR(200),
	title TEXT,
	model VARCHAR(200),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	version BIGINT NOT NULL,
	message_count INTEGER NOT NULL,
	lease_token VARCHAR(64),
	lease_expires_at BIGINT,
	checkpoint TEXT,
	PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS chat_conversations_by_owner
	ON chat_conversations (owner, updated_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS chat_messages (
	conversation_id VARCHAR(200) COLLATE "C" NOT NULL,
	idx INTEGER NOT NULL,
	json TEXT NOT NULL,
	PRIMARY KEY (conversation_id, idx),
	FOREIGN KEY (conversation_id) REFERENCES chat_conversations (id) ON DELETE CASCADE
);
