package dev.chatconversation.testfixture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The captured wire payloads under {@code src/test/resources/fixtures} of the core module
 * (see {@code SOURCES.md} there for where each comes from), read from the class path, so
 * that other modules read the same files through the core test-jar.
 */
public final class Fixtures {

	private static final String ROOT = "/fixtures/";

	private Fixtures() {
	}

	/**
	 * The text of a fixture.
	 * @param path the path under {@code fixtures/}, e.g.
	 * {@code openai/stream-refusal.sse}
	 * @return the text, read as UTF-8
	 * @throws IllegalStateException if there is no such fixture
	 */
	public static String fixture(String path) {
		return new String(bytes(path), StandardCharsets.UTF_8);
	}

	/**
	 * The bytes of a fixture.
	 * @param path the path under {@code fixtures/}, e.g.
	 * {@code openai/stream-refusal.sse}
	 * @return the bytes
	 * @throws IllegalStateException if there is no such fixture
	 */
	public static byte[] bytes(String path) {
		try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + path)) {
			if (in == null) {
				throw new IllegalStateException("Missing fixture " + path);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The fixtures whose file name starts and ends as given, sorted.
	 * @param prefix the start of the file name, e.g. {@code chat-completion-}
	 * @param suffix the end of the file name, e.g. {@code .json}
	 * @return paths under {@code fixtures/}, with {@code /} separators
	 */
	public static List<String> list(String prefix, String suffix) {
		URI sources = sources();
		if (!"jar".equals(sources.getScheme())) {
			return list(Path.of(sources).getParent(), prefix, suffix);
		}
		try (FileSystem jar = FileSystems.newFileSystem(sources, Map.of())) {
			return list(jar.provider().getPath(sources).getParent(), prefix, suffix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> list(Path root, String prefix, String suffix) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> file.getFileName().toString().startsWith(prefix))
				.filter((file) -> file.getFileName().toString().endsWith(suffix))
				.map((file) -> root.relativize(file).toString().replace('\\', '/'))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static URI sources() {
		URL sources = Objects.requireNonNull(Fixtures.class.getResource(ROOT + "SOURCES.md"), "no fixtures/SOURCES.md");
		try {
			return sources.toURI();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
