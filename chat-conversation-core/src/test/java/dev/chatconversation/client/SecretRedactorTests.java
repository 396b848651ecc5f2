package dev.chatconversation.client;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redaction of an API key from text that may echo it (invariant I6): no run of more than
 * four of the key's characters survives.
 */
class SecretRedactorTests {

	static final String GROQ_KEY = "gsk_abcdefghijklmnopqrstuvwxyz0123456789";

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "Incorrect API key provided: KEY.|Incorrect API key provided: ***.",
					"Incorrect API key provided: gsk_abcde***6789.|Incorrect API key provided: ******6789.",
					"Bearer KEY, again KEY|Bearer ***, again ***", "KEY|***",
					"prefix gsk_abcdefghij...suffix|prefix ***...suffix", "no secret here|no secret here" })
	void whenTextEchoesTheKeyInFullOrMaskedThenEveryLongRunIsMasked(String text, String expected) {
		SecretRedactor redactor = new SecretRedactor(GROQ_KEY);
		String redacted = redactor.redact(text.replace("KEY", GROQ_KEY));
		assertThat(redacted).isEqualTo(expected);
		assertThat(longestRunOf(GROQ_KEY, redacted)).isLessThanOrEqualTo(4);
	}

	@Test
	void whenOnlyFourCharactersOfTheKeyAppearThenTheTextIsKept() {
		SecretRedactor redactor = new SecretRedactor(GROQ_KEY);
		assertThat(redactor.redact("gsk_ and 6789 and abcd")).isEqualTo("gsk_ and 6789 and abcd");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "abcd" })
	void whenTheKeyIsShorterThanFiveCharactersThenNothingIsRedactedAndNothingFails(String key) {
		SecretRedactor redactor = new SecretRedactor(key);
		assertThat(redactor.redact("the key is abcd")).isEqualTo("the key is abcd");
		assertThat(redactor.redact(null)).isEmpty();
	}

	@Test
	void whenThereIsNoKeyThenTextIsKeptAndNullBecomesEmpty() {
		SecretRedactor redactor = new SecretRedactor(null);
		assertThat(redactor.redact("sk-anything")).isEqualTo("sk-anything");
		assertThat(redactor.redact(null)).isEmpty();
	}

	@Test
	void whenTheKeyContainsSlashesThenPlainAndJsonEscapedEchoesAreMasked() {
		String key = "sk-proj/Ab+cd/efGHij=kl";
		SecretRedactor redactor = new SecretRedactor(key);
		String plain = redactor.redact("key=" + key + "&x=1");
		String escaped = redactor.redact("{\"key\":\"" + key.replace("/", "\\/") + "\"}");
		String encoded = redactor.redact("key=" + key.replace("/", "%2F").replace("+", "%2B"));
		assertThat(plain).isEqualTo("key=***&x=1");
		assertThat(longestRunOf(key, escaped)).isLessThanOrEqualTo(4);
		assertThat(longestRunOf(key, encoded)).isLessThanOrEqualTo(4);
	}

	@Test
	void whenRunsOverlapOrTheKeyRepeatsItselfThenTheLongestRunIsMasked() {
		String key = "abcabcabcXYZ";
		SecretRedactor redactor = new SecretRedactor(key);
		assertThat(redactor.redact("zzabcabcabcabcXYZzz")).startsWith("zz***").endsWith("***zz").doesNotContain("abc");
		assertThat(longestRunOf(key, redactor.redact("abcabXYZ abcabcab cXYZ"))).isLessThanOrEqualTo(4);
	}

	@Test
	void whenTextIsMadeOfRandomPiecesOfTheKeyThenNoRunLongerThanFourSurvives() {
		Random random = new Random(42);
		String alphabet = "abcxyz_-/0123456789 ";
		for (int sample = 0; sample < 2000; sample++) {
			String key = randomKey(random);
			StringBuilder text = new StringBuilder();
			for (int piece = 0; piece < 6; piece++) {
				if (random.nextBoolean()) {
					int from = random.nextInt(key.length());
					text.append(key, from, Math.min(key.length(), from + 1 + random.nextInt(12)));
				}
				else {
					text.append(alphabet.charAt(random.nextInt(alphabet.length())));
				}
			}
			String redacted = new SecretRedactor(key).redact(text.toString());
			assertThat(longestRunOf(key, redacted)).as("key %s, text %s, redacted %s", key, text, redacted)
				.isLessThanOrEqualTo(4);
		}
	}

	private static String randomKey(Random random) {
		String characters = "abcxyz0123_-/";
		StringBuilder key = new StringBuilder("sk-");
		for (int i = 0; i < 5 + random.nextInt(20); i++) {
			key.append(characters.charAt(random.nextInt(characters.length())));
		}
		return key.toString();
	}

	/** The length of the longest run of consecutive key characters found in the text. */
	static int longestRunOf(String key, String text) {
		int longest = 0;
		int[] previous = new int[key.length() + 1];
		for (int i = 1; i <= text.length(); i++) {
			int[] current = new int[key.length() + 1];
			for (int k = 1; k <= key.length(); k++) {
				if (text.charAt(i - 1) == key.charAt(k - 1)) {
					current[k] = previous[k - 1] + 1;
					longest = Math.max(longest, current[k]);
				}
			}
			previous = current;
		}
		return longest;
	}

}
