package dev.chatconversation.transcript;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.chatconversation.ChatCompletionsConversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parity with the Python library {@code chat-completions-conversation} (MIT), checked
 * against the outputs it gave for the shapes in {@code python-parity/shapes}: its
 * transcript ({@code NAME.txt}) and the file it saves ({@code NAME.saved.json}) for each
 * input ({@code NAME.json}). {@code python-parity/generate.py} regenerates them; when
 * python3 and the library's source are present, the last test also runs the library on
 * the files this library saves.
 */
class PythonParityTests {

	private static final int SHAPES = 43;

	private static final String REFERENCE = "shared/reference/python-chat-completions-conversation";

	@Test
	void whenTheShapesAreListedThenEveryGeneratedShapeIsThere() {
		assertThat(shapes()).hasSize(SHAPES);
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void whenAFileIsLoadedThenExportToTextIsWhatThePythonLibraryPrints(String shape) {
		ChatCompletionsConversation conversation = conversation();
		conversation.loadFromJsonFile(file(shape + ".json"));
		assertThat(conversation.exportToText()).isEqualTo(read(shape + ".txt"));
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void whenTheFileThePythonLibrarySavedIsLoadedThenItsTranscriptIsTheSame(String shape) {
		ChatCompletionsConversation conversation = conversation();
		conversation.loadFromJsonFile(file(shape + ".saved.json"));
		assertThat(conversation.exportToText()).isEqualTo(read(shape + ".txt"));
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void whenTheFileThePythonLibrarySavedIsLoadedThenSavingItWritesTheSameBytes(String shape) {
		ChatCompletionsConversation conversation = conversation();
		conversation.loadFromJsonFile(file(shape + ".saved.json"));
		assertThat(conversation.toJson()).isEqualTo(withUpperCaseEscapes(read(shape + ".saved.json")));
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void whenAFileInThePythonLayoutIsLoadedThenSavingItWritesTheSameBytes(String shape) {
		ChatCompletionsConversation conversation = conversation();
		conversation.loadFromJsonFile(file(shape + ".json"));
		assertThat(conversation.toJson()).isEqualTo(withUpperCaseEscapes(read(shape + ".json")));
	}

	@Test
	void whenThePythonLibraryLoadsTheFilesSavedHereThenTheyHoldTheSameConversations(@TempDir Path folder)
			throws Exception {
		Path reference = reference();
		assumeTrue(reference != null && python3Runs(), "python3 and the Python library's source are needed");
		Path savedHere = Files.createDirectory(folder.resolve("saved-here"));
		Path loadedByPython = Files.createDirectory(folder.resolve("loaded-by-python"));
		List<String> command = new ArrayList<>(
				List.of("python3", file("../load_all.py").toString(), reference.toString(), loadedByPython.toString()));
		for (String shape : shapes()) {
			ChatCompletionsConversation conversation = conversation();
			conversation.loadFromJsonFile(file(shape + ".json"));
			Path saved = savedHere.resolve(shape + ".json");
			conversation.saveToJsonFile(saved);
			command.add(saved.toString());
		}
		run(command.toArray(String[]::new));
		SoftAssertions.assertSoftly((softly) -> {
			for (String shape : shapes()) {
				softly.assertThat(loadedByPython.resolve(shape + ".txt")).as(shape).hasContent(read(shape + ".txt"));
				softly.assertThat(loadedByPython.resolve(shape + ".saved.json"))
					.as(shape)
					.hasContent(read(shape + ".saved.json"));
			}
		});
	}

	static List<String> shapes() {
		try (Stream<Path> files = Files.list(file(""))) {
			return files.map((path) -> path.getFileName().toString())
				.filter((name) -> name.endsWith(".txt"))
				.map((name) -> name.substring(0, name.length() - ".txt".length()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ChatCompletionsConversation conversation() {
		return new ChatCompletionsConversation("unused", "http://127.0.0.1:9/v1", "unused");
	}

	private static Path file(String name) {
		try {
			Path shapes = Path.of(Objects
				.requireNonNull(PythonParityTests.class.getResource("/python-parity/shapes/"), "python-parity/shapes")
				.toURI());
			return shapes.resolve(name);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(String name) {
		try {
			return Files.readString(file(name), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// The one byte difference: Python escapes control characters as \\u001f, Jackson
	// as \\u001F; both read either.
	private static String withUpperCaseEscapes(String json) {
		return Pattern.compile("\\\\u[0-9a-f]{4}")
			.matcher(json)
			.replaceAll((escape) -> Matcher
				.quoteReplacement(escape.group().toUpperCase(Locale.ROOT).replace("\\U", "\\u")));
	}

	private static @Nullable Path reference() {
		for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
			Path candidate = folder.resolve(REFERENCE);
			if (Files.isRegularFile(candidate.resolve("transcript.py"))) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean python3Runs() {
		try {
			run("python3", "-c", "pass");
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String run(String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("PYTHONIOENCODING", "utf-8");
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("exit status of %s", String.join(" ", command)).isZero();
		return new String(output, StandardCharsets.UTF_8);
	}

}
