package dev.chatconversation.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.chatconversation.store.StoreSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the conversation store, bound to {@code chat.store.*}: where the
 * conversations made with {@code ChatConversationFactory.createConversation} and
 * {@code openConversation} are kept.
 */
@ConfigurationProperties("chat.store")
public class ChatStoreProperties {

	/**
	 * Where conversations are kept: 'memory' (this process only), 'file' (a folder of
	 * JSON files), 'jdbc' (the application's DataSource) or 'redis' (the application's
	 * Redis connection).
	 */
	private StoreType type = StoreType.MEMORY;

	/**
	 * How long a turn's lease on a conversation lasts without renewal: after an instance
	 * dies mid-turn, the conversation takes new turns this long after its last
	 * checkpoint.
	 */
	private Duration leaseDuration = Duration.ofSeconds(30);

	/**
	 * How often a streaming turn saves its partial reply and renews its lease; shorter
	 * than the lease duration.
	 */
	private Duration checkpointInterval = Duration.ofSeconds(1);

	private final File file = new File();

	private final Jdbc jdbc = new Jdbc();

	private final Redis redis = new Redis();

	public StoreType getType() {
		return this.type;
	}

	public void setType(StoreType type) {
		this.type = type;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public Duration getCheckpointInterval() {
		return this.checkpointInterval;
	}

	public void setCheckpointInterval(Duration checkpointInterval) {
		this.checkpointInterval = checkpointInterval;
	}

	public File getFile() {
		return this.file;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Redis getRedis() {
		return this.redis;
	}

	StoreSettings toStoreSettings() {
		try {
			return new StoreSettings(this.leaseDuration, this.checkpointInterval);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidChatPropertiesException("chat.store.checkpoint-interval",
					this.checkpointInterval.toString(), ex.getMessage(),
					"Set chat.store.checkpoint-interval shorter than chat.store.lease-duration.");
		}
	}

	/**
	 * The kinds of store.
	 */
	public enum StoreType {

		/** In this process's memory, lost when it stops. */
		MEMORY,

		/** A folder of JSON files. */
		FILE,

		/** A database, through the application's DataSource. */
		JDBC,

		/** Redis, through the application's Lettuce connection. */
		REDIS

	}

	/**
	 * When the JDBC store creates its tables, as Spring Session's
	 * {@code initialize-schema} says it.
	 */
	public enum SchemaInitialization {

		/** At every start-up (the script only creates what is missing). */
		ALWAYS,

		/** Only for an embedded database. */
		EMBEDDED,

		/** Never: run the schema script yourself. */
		NEVER

	}

	/**
	 * Settings of the file store.
	 */
	public static class File {

		/**
		 * The folder the conversations are kept in, created if missing.
		 */
		private Path directory = Path.of("data", "conversations");

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

	}

	/**
	 * Settings of the JDBC store.
	 */
	public static class Jdbc {

		/**
		 * When to create the store's tables at start-up: 'always', 'embedded' (only for
		 * an embedded database) or 'never' (run the schema script yourself).
		 */
		private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

		/**
		 * The prefix of the store's table names.
		 */
		private String tablePrefix = "chat_";

		public SchemaInitialization getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(SchemaInitialization initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

	/**
	 * Settings of the Redis store.
	 */
	public static class Redis {

		/**
		 * The prefix of the store's keys.
		 */
		private String keyPrefix = "chat:";

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
