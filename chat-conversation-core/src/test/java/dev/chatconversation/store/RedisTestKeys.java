package dev.chatconversation.store;

import java.util.List;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The keys of one Redis test class: a prefix no other class or run shares, and the
 * removal of every key under it, so that classes can run at once on one server.
 */
final class RedisTestKeys {

	private RedisTestKeys() {
	}

	static String uniquePrefix(Class<?> testClass) {
		return "chat-test:" + testClass.getSimpleName() + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
	}

	static void flush(RedisCommands<String, String> redis, String prefix) {
		ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = redis.scan(cursor, match);
			List<String> keys = page.getKeys();
			if (!keys.isEmpty()) {
				redis.unlink(keys.toArray(String[]::new));
			}
			cursor = page;
		}
		while (!cursor.isFinished());
	}

}
