package dev.chatconversation.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The tables of a {@link JdbcConversationStore}: their names for a table prefix, and the
 * statements of the schema script that create them.
 *
 * @param prefix the table prefix
 */
record JdbcSchema(String prefix) {

	/**
	 * The classpath resource of the schema script of a platform ({@code postgresql},
	 * {@code h2}).
	 */
	static final String SCRIPT = "dev/chatconversation/store/schema-%s.sql";

	/** The prefix the script is written with. */
	static final String DEFAULT_PREFIX = "chat_";

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");

	private static final Pattern SCRIPT_PREFIX = Pattern.compile("\\b" + DEFAULT_PREFIX);

	JdbcSchema {
		if (!PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("A table prefix is 1 to 30 letters, digits and underscores, "
					+ "not starting with a digit, not '" + prefix + "'");
		}
	}

	String conversations() {
		return this.prefix + "conversations";
	}

	String messages() {
		return this.prefix + "messages";
	}

	/**
	 * The platform of a database, as schema scripts are named.
	 * @param productName the database's product name, as its JDBC driver says it
	 * @return the platform: {@code postgresql}, {@code h2}...
	 */
	static String platform(String productName) {
		return productName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	/**
	 * An update as a query of some columns of the rows it changed, as they are after it,
	 * on a platform that has one.
	 * @param platform the platform
	 * @param update the update
	 * @param columns the columns, separated by commas
	 * @return the query ({@code RETURNING} on PostgreSQL, {@code FINAL TABLE} on H2), or
	 * {@code null} on other platforms
	 */
	static @Nullable String returning(String platform, String update, String columns) {
		return switch (platform) {
			case "postgresql" -> update + " RETURNING " + columns;
			case "h2" -> "SELECT " + columns + " FROM FINAL TABLE (" + update + ")";
			default -> null;
		};
	}

	/**
	 * The statements of a platform's schema script, for this prefix.
	 * @param platform the platform
	 * @return the statements, in order, without comments
	 * @throws ConversationStoreException if the library has no script for that platform
	 */
	List<String> statements(String platform) {
		StringBuilder script = new StringBuilder();
		for (String line : read(platform).split("\n")) {
			if (!line.strip().startsWith("--")) {
				script.append(line).append('\n');
			}
		}
		List<String> statements = new ArrayList<>();
		for (String statement : script.toString().split(";")) {
			if (!statement.isBlank()) {
				statements
					.add(SCRIPT_PREFIX.matcher(statement.strip()).replaceAll(Matcher.quoteReplacement(this.prefix)));
			}
		}
		return statements;
	}

	private static String read(String platform) {
		String resource = SCRIPT.formatted(platform);
		try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new ConversationStoreException(null,
						"The JDBC conversation store has no schema script for " + platform + " (no " + resource
								+ "): create its tables by hand from " + SCRIPT.formatted("postgresql")
								+ ", adapted as its header says",
						null);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the schema script " + resource, ex);
		}
	}

}
