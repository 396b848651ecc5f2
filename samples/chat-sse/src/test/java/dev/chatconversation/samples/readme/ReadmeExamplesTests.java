package dev.chatconversation.samples.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's Java examples working as written: each one, imports included, is
 * compiled on its own as a whole source file against the test classpath, and the
 * controller example is the one {@link ReadmeControllerTests} runs.
 */
class ReadmeExamplesTests {

	private static final Path README = Path.of("../../README.md");

	private static final Path CONTROLLER = Path
		.of("src/test/java/dev/chatconversation/samples/readme/ChatController.java");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern TOP_LEVEL_TYPE = Pattern
		.compile("^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

	@TempDir
	Path work;

	@Test
	void whenEachJavaExampleOfTheReadmeIsCompiledAsAFileThenItCompilesWithItsImports() throws IOException {
		List<String> blocks = javaBlocks(Files.readString(README, StandardCharsets.UTF_8));
		assertThat(blocks).as("Java examples in README.md").hasSizeGreaterThanOrEqualTo(7);
		for (int i = 0; i < blocks.size(); i++) {
			String block = blocks.get(i);
			assertThat(compile(this.work.resolve("example" + i), block)).as("compiling README example:%n%s", block)
				.isEmpty();
		}
	}

	@Test
	void whenAnExampleLacksAnImportThenItsCompilationFails() throws IOException {
		String missingImport = "class Example {\n\tList<String> names = List.of();\n}\n";
		assertThat(compile(this.work, missingImport)).anySatisfy((error) -> assertThat(error).contains("List"));
	}

	@Test
	void whenTheControllerExampleIsReadThenItIsTheControllerTheTestsRun() throws IOException {
		String controller = javaBlocks(Files.readString(README, StandardCharsets.UTF_8)).stream()
			.filter((block) -> block.contains("class ChatController"))
			.findFirst()
			.orElseThrow();
		String withoutImports = controller.substring(controller.indexOf("@RestController"));
		assertThat(normalize(Files.readString(CONTROLLER, StandardCharsets.UTF_8))).contains(normalize(withoutImports));
	}

	/**
	 * Compiles one source file with the test classpath.
	 * @return the error messages
	 */
	private static List<String> compile(Path directory, String source) throws IOException {
		Matcher type = TOP_LEVEL_TYPE.matcher(source);
		assertThat(type.find()).as("a top-level type in:%n%s", source).isTrue();
		Path file = directory.resolve(type.group(1) + ".java");
		Path classes = Files.createDirectories(directory.resolve("classes"));
		Files.writeString(file, source, StandardCharsets.UTF_8);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-classpath", testClasspath(), "-d", classes.toString(), "-proc:none");
			compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file.toFile())).call();
		}
		List<String> errors = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
				errors.add("line " + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT));
			}
		}
		return errors;
	}

	/** Surefire runs the tests from a manifest-only jar and names the real path here. */
	private static String testClasspath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
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
