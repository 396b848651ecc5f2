package dev.chatconversation.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.jspecify.annotations.Nullable;

/**
 * Runs the store's Lua script ({@code redis-conversation-store.lua}): by its SHA-1
 * ({@code EVALSHA}), sending the whole script ({@code EVAL}, which also caches it) only
 * when Redis does not know it yet, as after a restart. Each run waits at most the command
 * timeout, whatever the connection's own timeout, and every Lettuce failure becomes a
 * {@link ConversationStoreException} naming the conversation and what failed.
 */
final class RedisStoreScript {

	static final String SOURCE = read("redis-conversation-store.lua");

	private static final String SHA = sha1(SOURCE);

	private final RedisStoreConnection connection;

	private final Duration timeout;

	RedisStoreScript(RedisStoreConnection connection, Duration timeout) {
		this.connection = connection;
		this.timeout = timeout;
	}

	/**
	 * Runs the script.
	 * @param conversationId the conversation concerned, or {@code null}
	 * @param what what the call does, as in "append to conversation 'x'"
	 * @param writes whether the call changes the conversation
	 * @param keys the script's keys
	 * @param args the script's arguments
	 * @return the script's reply
	 */
	List<Object> run(@Nullable String conversationId, String what, boolean writes, String[] keys, String[] args) {
		try {
			RedisAsyncCommands<String, String> commands = this.connection.get().async();
			try {
				return await(commands.evalsha(SHA, ScriptOutputType.MULTI, keys, args));
			}
			catch (RedisNoScriptException ex) {
				return await(commands.eval(SOURCE, ScriptOutputType.MULTI, keys, args));
			}
		}
		catch (RedisCommandTimeoutException ex) {
			String unknown = writes ? " (the change may still be made when Redis answers: load the conversation again)"
					: "";
			throw new ConversationStoreException(conversationId,
					"Could not " + what + ": Redis did not answer within " + this.timeout.toMillis() + " ms" + unknown,
					ex);
		}
		catch (RedisException | IllegalStateException ex) {
			throw new ConversationStoreException(conversationId,
					"Could not " + what + ": Redis failed: " + redacted(ex.getMessage()), ex);
		}
	}

	private List<Object> await(RedisFuture<List<Object>> reply) {
		return LettuceFutures.awaitOrCancel(reply, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Driver messages may hold a Redis URI: its user information never goes further. */
	static String redacted(@Nullable String message) {
		return (message != null) ? message.replaceAll("//[^/@\\s]*@", "//***@") : "no detail";
	}

	private static String sha1(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String name) {
		try (InputStream in = RedisStoreScript.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + name + " next to " + RedisStoreScript.class);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
