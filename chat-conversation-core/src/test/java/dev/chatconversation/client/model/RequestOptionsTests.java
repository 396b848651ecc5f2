package dev.chatconversation.client.model;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP options of a request as a value.
 */
class RequestOptionsTests {

	@Test
	void whenNothingIsSetThenTheOptionsAreNone() {
		RequestOptions options = RequestOptions.builder().build();
		assertThat(options).isSameAs(RequestOptions.none());
		assertThat(options.extraHeaders()).isEmpty();
		assertThat(options.extraQuery()).isEmpty();
		assertThat(options.timeout()).isNull();
	}

	@Test
	void whenHeadersAreAddedOneByOneThenTheyKeepTheirOrderAndTheLastValueOfAName() {
		RequestOptions options = RequestOptions.builder()
			.extraHeader("X-B", "1")
			.extraHeader("X-A", "2")
			.extraHeader("X-B", "3")
			.build();
		assertThat(options.extraHeaders()).containsExactly(Map.entry("X-B", "3"), Map.entry("X-A", "2"));
	}

	@Test
	void whenAMapIsSetThenItReplacesWhatWasAddedBefore() {
		RequestOptions options = RequestOptions.builder()
			.extraQueryParam("a", "1")
			.extraQuery(Map.of("b", "2"))
			.extraHeader("X-A", "1")
			.extraHeaders(Map.of("X-B", "2"))
			.build();
		assertThat(options.extraQuery()).containsExactlyEntriesOf(Map.of("b", "2"));
		assertThat(options.extraHeaders()).containsExactlyEntriesOf(Map.of("X-B", "2"));
	}

	@Test
	void whenMutatedThenTheOriginalIsUnchanged() {
		RequestOptions original = RequestOptions.builder().extraHeader("X-A", "1").build();
		RequestOptions changed = original.mutate().timeout(Duration.ofSeconds(5)).extraHeader("X-B", "2").build();
		assertThat(original.extraHeaders()).containsOnlyKeys("X-A");
		assertThat(original.timeout()).isNull();
		assertThat(changed.extraHeaders()).containsOnlyKeys("X-A", "X-B");
		assertThat(changed.timeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whenOptionsHoldTheSameValuesThenTheyAreEqualAndOtherwiseNot() {
		RequestOptions options = RequestOptions.builder()
			.extraHeader("X-A", "1")
			.extraQueryParam("q", "v")
			.timeout(Duration.ofSeconds(5))
			.build();
		RequestOptions same = RequestOptions.builder()
			.extraHeader("X-A", "1")
			.extraQueryParam("q", "v")
			.timeout(Duration.ofSeconds(5))
			.build();
		assertThat(same).isEqualTo(options).hasSameHashCodeAs(options);
		assertThat(options.mutate().extraHeader("X-A", "2").build()).isNotEqualTo(options);
		assertThat(options.mutate().extraQueryParam("q", "w").build()).isNotEqualTo(options);
		assertThat(options.mutate().timeout(null).build()).isNotEqualTo(options);
	}

	@Test
	void whenDescribedThenHeaderNamesAppearButNotTheirValues() {
		RequestOptions options = RequestOptions.builder()
			.extraHeader("api-key", "azure-secret-123")
			.extraQueryParam("api-version", "2024-10-21")
			.timeout(Duration.ofSeconds(5))
			.build();
		assertThat(options.toString())
			.isEqualTo("RequestOptions[extraHeaders=[api-key], extraQuery=[api-version], timeout=PT5S]")
			.doesNotContain("azure-secret-123");
	}

	@Test
	void whenTheMapsOfTheOptionsAreChangedThenTheyRefuse() {
		RequestOptions options = RequestOptions.builder().extraHeader("X-A", "1").extraQueryParam("q", "v").build();
		assertThat(options.extraHeaders()).isUnmodifiable();
		assertThat(options.extraQuery()).isUnmodifiable();
	}

}
