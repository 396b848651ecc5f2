package dev.chatconversation.samples.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's Java examples compiling: each one must appear, verbatim but for
 * white space, in {@link ReadmeExamples}, which the build compiles.
 */
class ReadmeExamplesTests {

	private static final Path README = Path.of("../../README.md");

	private static final Path EXAMPLES = Path
		.of("src/test/java/dev/chatconversation/samples/readme/ReadmeExamples.java");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaExampleOfTheReadmeIsCompiledInReadmeExamples() throws IOException {
		String examples = normalize(Files.readString(EXAMPLES, StandardCharsets.UTF_8));
		List<String> blocks = javaBlocks(Files.readString(README, StandardCharsets.UTF_8));
		assertThat(blocks).as("Java examples in README.md").hasSizeGreaterThanOrEqualTo(4);
		for (String block : blocks) {
			assertThat(examples).as("README example compiled in ReadmeExamples.java:%n%s", block)
				.contains(normalize(block));
		}
	}

	@Test
	void aChangedExampleIsNoticed() {
		String examples = normalize("class A { void run() { System.out.println(1); } }");
		assertThat(examples).doesNotContain(normalize("System.out.println(2);"));
		assertThat(examples).contains(normalize("System.out.println(1);\n"));
	}

	private static List<String> javaBlocks(String markdown) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(markdown);
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	private static String normalize(String code) {
		// the formatter may re-wrap the compiled copy, so white space is ignored entirely
		return code.replaceAll("\\s+", "");
	}

}
