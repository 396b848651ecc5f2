package dev.chatconversation.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the reading of error bodies (issue 16): for any body, as the body of an error
 * status, of an {@code event: error} or of a stream that turned into something else, the
 * client builds its typed exception without throwing, and neither the exception nor the
 * provider error it carries contains the API key. Each key tried is a key-like run of the
 * body itself, so the body echoes it. Regression mode replays
 * {@code ApiErrorsFuzzTestsInputs/}; {@code -Pfuzz} fuzzes.
 */
class ApiErrorsFuzzTests {

	/**
	 * Runs of key characters that start as OpenAI keys do. The prefix keeps the key apart
	 * from the fixed text of the messages (the endpoint, the reason phrases), so finding
	 * the key in a message always means the body's echo of it got through.
	 */
	private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_\\-./+=:]{5,}");

	private static final int MAX_KEYS = 3;

	/**
	 * Up to this length, the plain text of a body is checked against the old, slow way.
	 */
	private static final int ORACLE_LENGTH = 1024;

	private static final String UNECHOED_KEY = "sk-proj-Fz0aB1cD2eF3gH4iJ5kL";

	@FuzzTest(maxDuration = "3m")
	void anyErrorResponseGivesTheTypedExceptionWithoutTheKey(byte[] body) {
		// the status only picks the exception type; taken from the body so that the seeds
		// stay the captured bodies, byte for byte
		int status = 400 + Math.floorMod(Arrays.hashCode(body), 200);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		String text = new String(body, StandardCharsets.UTF_8);
		if (text.length() <= ORACLE_LENGTH) {
			assertThat(PlainText.of(text)).isEqualTo(PlainTextTests.byRegularExpressions(text));
		}
		for (String key : keysEchoedBy(text)) {
			ChatExceptions exceptions = new ChatExceptions(new SecretRedactor(key),
					URI.create("http://127.0.0.1:9/v1/chat/completions"), null);

			ApiStatusException fromStatus = exceptions.fromStatus(status, headers, body);

			assertThat(fromStatus.statusCode()).isEqualTo(status);
			assertKeyless(fromStatus, key);
			assertKeyless(exceptions.fromErrorEvent(body, "req_fuzz"), key);
			assertKeyless(exceptions.fromRawStreamBody(body, "req_fuzz"), key);
		}
	}

	private static void assertKeyless(ChatCompletionsException exception, String key) {
		assertThat(exception.getMessage()).doesNotContain(key);
		assertThat(exception.toString()).doesNotContain(key);
		ApiError error = exception.error();
		for (String field : new String[] { error.message(), error.type(), error.code(), error.param() }) {
			if (field != null) {
				assertThat(SecretRedactorTests.longestRunOf(key, field)).as(field).isLessThan(5);
			}
		}
	}

	/** The first key-like runs of the body, or a key it does not echo. */
	private static List<String> keysEchoedBy(String body) {
		List<String> keys = new ArrayList<>();
		Matcher matcher = KEY_LIKE.matcher(body);
		while (matcher.find() && keys.size() < MAX_KEYS) {
			keys.add(matcher.group());
		}
		return keys.isEmpty() ? List.of(UNECHOED_KEY) : keys;
	}

}
