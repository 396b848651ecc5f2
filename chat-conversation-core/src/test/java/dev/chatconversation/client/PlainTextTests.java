package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The text of error bodies that are not JSON: the same as the regular expressions it
 * replaced gave, in linear time (found while writing the error-body fuzz target, issue
 * 16: 64 KiB of {@code <} took minutes).
 */
class PlainTextTests {

	@ParameterizedTest
	@ValueSource(strings = { "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
			"<style>p{color:red}</style><script>var k = 1 < 2;</script><p>Service\n\tUnavailable</p>",
			"<script type=\"text/javascript\">a</script>b<script>c", "<a <script>x</script>>", "a < b > c < d",
			"<<<>>>", "<scripts>x</scripts>", "<stylesheet>x</style>y", "</script><script>", "plain text", "", " \n " })
	void whenTheBodyIsHtmlOrTextThenItGivesWhatTheRegularExpressionsGave(String body) {
		assertThat(PlainText.of(body)).isEqualTo(byRegularExpressions(body));
	}

	@ParameterizedTest
	@ValueSource(strings = { "<", "<script", "<script>", "<style>x", "<a " })
	void whenA64KiBErrorBodyRepeatsAnUnclosedTagThenItIsReadAtOnce(String unit) {
		byte[] body = unit.repeat(64 * 1024 / unit.length()).getBytes(StandardCharsets.UTF_8);
		SecretRedactor redactor = new SecretRedactor("sk-proj-Ab12Cd34Ef56Gh78");
		// the JSON mapper's first use is slow on a loaded machine; only the scan is timed
		ApiErrors.parse("<p>warm-up</p>".getBytes(StandardCharsets.UTF_8), redactor);

		// the regular expressions took minutes on the body of '<'; the scan takes
		// milliseconds, and the bound is generous for busy CI machines
		ApiError error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ApiErrors.parse(body, redactor));

		assertThat(error.message()).hasSizeLessThanOrEqualTo(ApiErrors.MAX_MESSAGE_LENGTH + 1);
	}

	/** What the text was before, with the regular expressions; slow on long bodies. */
	static String byRegularExpressions(String body) {
		String withoutTags = body.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ");
		return withoutTags.replaceAll("\\s+", " ").strip();
	}

}
