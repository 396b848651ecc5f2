package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.chatconversation.boot.ChatConversationFactory;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the application-facing types and the wiring stay apart, as Spring Boot keeps
 * {@code org.springframework.boot.webclient} apart from its
 * {@code ...webclient.autoconfigure}: {@code autoconfigure} makes public only the
 * auto-configuration, the properties and the exception that reports them.
 */
class PackageLayoutTests {

	@Test
	void whenTheAutoconfigurePackageIsListedThenOnlyWiringAndPropertiesArePublic() throws Exception {
		assertThat(publicTypes(ChatAutoConfiguration.class)).containsExactlyInAnyOrder("ChatAutoConfiguration",
				"ChatHttpClientAutoConfiguration", "ChatConnectionProperties", "ChatContextProperties",
				"ChatProperties", "InvalidChatPropertiesException", "ChatToolsAutoConfiguration", "ChatToolsProperties",
				"ChatWebErrorsAutoConfiguration", "ChatObservationAutoConfiguration", "ChatObservationProperties",
				"ChatStoreAutoConfiguration", "ChatStoreProperties", "ChatWebStreamingAutoConfiguration");
	}

	@Test
	void whenTheBootPackageIsListedThenEveryTypeIsPublicAndNullMarked() throws Exception {
		assertThat(publicTypes(ChatConversationFactory.class)).containsExactlyInAnyOrder(
				"ChatCompletionsClientCustomizer", "ChatConnectionSettings", "ChatConnections",
				"ChatConversationCustomizer", "ChatConversationFactory", "ChatToolMethod", "ChatToolRegistry",
				"ChatErrorResponses");
		assertThat(topLevelTypes(ChatConversationFactory.class)).hasSize(8);
		assertThat(ChatConversationFactory.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
		assertThat(ChatAutoConfiguration.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
	}

	private static List<String> publicTypes(Class<?> member) throws Exception {
		return topLevelTypes(member).stream()
			.filter((type) -> Modifier.isPublic(type.getModifiers()))
			.map(Class::getSimpleName)
			.toList();
	}

	/** The top-level types compiled into the package of a type, package-info left out. */
	private static List<Class<?>> topLevelTypes(Class<?> member) throws IOException, URISyntaxException {
		Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path directory = classes.resolve(member.getPackageName().replace('.', '/'));
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".class") && !name.contains("$") && !name.startsWith("package-info"))
				.<Class<?>>map((name) -> load(member.getPackageName() + "." + name.substring(0, name.length() - 6)))
				.toList();
		}
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name, false, PackageLayoutTests.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
