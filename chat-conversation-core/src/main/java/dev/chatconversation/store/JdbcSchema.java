package dev.chatconversation.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of a {@link JdbcConversationStore}: their names for a table prefix, and the
 * statements of the schema script that create them.
 *
 * @param prefix the table prefix
 */
record JdbcSchema(String prefix) {

	/** The classpath resource of the PostgreSQL schema script. */
	static final String SCRIPT = "dev/chatconversation/store/schema-postgresql.sql";

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
	 * The statements of the schema script, for this prefix.
	 * @return the statements, in order, without comments
	 */
	List<String> statements() {
		StringBuilder script = new StringBuilder();
		for (String line : read().split("\n")) {
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

	private static String read() {
		try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
			if (in == null) {
				throw new IllegalStateException("The schema script " + SCRIPT + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the schema script " + SCRIPT, ex);
		}
	}

}
