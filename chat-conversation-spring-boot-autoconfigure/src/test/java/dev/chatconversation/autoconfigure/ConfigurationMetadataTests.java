package dev.chatconversation.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.client.provider.ProviderProfiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the metadata that the configuration and auto-configuration processors generate
 * into {@code target/classes/META-INF} when this module compiles: every {@code chat.*}
 * property is documented by one sentence and shows its default, and the defaults and
 * hints of {@code additional-spring-configuration-metadata.json} are merged in.
 */
class ConfigurationMetadataTests {

	/**
	 * Properties whose absence means something (the server's default, no header, no
	 * proxy), so they have no default to show.
	 */
	private static final Set<String> WITHOUT_DEFAULT = Set.of("chat.base-url", "chat.api-key", "chat.model",
			"chat.organization", "chat.project", "chat.system-prompt", "chat.headers", "chat.connections",
			"chat.options.temperature", "chat.options.top-p", "chat.options.max-tokens",
			"chat.options.max-completion-tokens", "chat.options.reasoning-effort", "chat.options.seed",
			"chat.options.stop", "chat.options.user", "chat.options.response-format", "chat.options.frequency-penalty",
			"chat.options.presence-penalty", "chat.options.extra-body", "chat.options.extra-headers", "chat.ssl.bundle",
			"chat.proxy.host", "chat.proxy.port", "chat.proxy.username", "chat.proxy.password",
			"chat.proxy.non-proxy-hosts", "chat.context.max-messages", "chat.context.max-tokens");

	/** Properties that only a condition reads: no properties class binds them. */
	private static final Set<String> CONDITION_ONLY = Set.of("chat.web.stream-on-connection-loop");

	private static final Pattern SENTENCE_BREAK = Pattern.compile("[.!?]\\s+\\p{Lu}");

	@Test
	void metadataIsGeneratedIntoTheCompiledClasses() {
		assertThat(metadataFile("spring-configuration-metadata.json")).isRegularFile();
	}

	@Test
	void everyPropertyOfChatPropertiesIsDocumented() {
		Map<String, JsonNode> properties = properties();
		assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(expectedPropertyNames());
		assertThat(properties.values()).allSatisfy((property) -> {
			assertThat(property.path("description").isString()).as(property.path("name").stringValue()).isTrue();
			if (CONDITION_ONLY.contains(property.path("name").stringValue())) {
				// read by a condition, declared in
				// additional-spring-configuration-metadata
				assertThat(property.path("type").stringValue()).isEqualTo(Boolean.class.getName());
				return;
			}
			assertThat(property.path("sourceType").stringValue()).matches(
					"dev\\.chatconversation\\.autoconfigure\\.(ChatProperties|ChatContextProperties|ChatToolsProperties|ChatObservationProperties|ChatStoreProperties(\\$\\w+)?|ChatConnectionProperties\\$\\w+)");
		});
	}

	@Test
	void eachDescriptionIsOneSentence() {
		assertThat(properties().values()).allSatisfy((property) -> {
			String description = property.path("description").stringValue();
			assertThat(description).as(property.path("name").stringValue())
				.endsWith(".")
				.doesNotContain("\n")
				.doesNotContainPattern(SENTENCE_BREAK)
				.matches("^\\p{Lu}.*");
		});
	}

	@Test
	void booleanDescriptionsStartWithWhether() {
		assertThat(properties().values())
			.filteredOn((property) -> property.path("type").stringValue().equals(Boolean.class.getName()))
			.isNotEmpty()
			.allSatisfy((property) -> assertThat(property.path("description").stringValue()).startsWith("Whether "));
	}

	@Test
	void keyPropertiesHaveTheirTypesAndDescriptions() {
		Map<String, JsonNode> properties = properties();
		assertThat(properties.get("chat.base-url").path("description").stringValue()).contains("Base URL")
			.contains("version path");
		assertThat(properties.get("chat.api-key").path("description").stringValue()).contains("bearer token");
		assertThat(properties.get("chat.options.temperature").path("type").stringValue())
			.isEqualTo(Double.class.getName());
		assertThat(properties.get("chat.timeouts.stream-idle").path("type").stringValue())
			.isEqualTo(Duration.class.getName());
		assertThat(properties.get("chat.timeouts.stream-idle").path("description").stringValue())
			.contains("0 for no limit");
		assertThat(properties.get("chat.retry.max-attempts").path("description").stringValue())
			.contains("1 turns retries off");
		assertThat(properties.get("chat.max-response-size").path("type").stringValue())
			.isEqualTo(DataSize.class.getName());
		assertThat(properties.get("chat.connections").path("type").stringValue())
			.isEqualTo("java.util.Map<java.lang.String," + ChatConnectionProperties.class.getName() + ">");
	}

	@Test
	void hintsOfTheAdditionalMetadataAreMerged() {
		Map<String, List<String>> hints = new LinkedHashMap<>();
		metadata().path("hints")
			.forEach((hint) -> hints.put(hint.path("name").stringValue(),
					StreamSupport.stream(hint.path("values").spliterator(), false)
						.map((value) -> value.path("value").stringValue())
						.toList()));
		assertThat(hints).containsEntry("chat.options.reasoning-effort", List.of("minimal", "low", "medium", "high"))
			.containsEntry("chat.options.response-format", List.of("text", "json_object"));
		assertThat(properties()).containsKeys(hints.keySet().toArray(String[]::new));
	}

	@Test
	void providerHintListsEveryProviderProfile() {
		JsonNode hint = StreamSupport.stream(metadata().path("hints").spliterator(), false)
			.filter((candidate) -> candidate.path("name").stringValue().equals("chat.provider"))
			.findFirst()
			.orElseThrow();
		assertThat(StreamSupport.stream(hint.path("values").spliterator(), false)
			.map((value) -> value.path("value").stringValue())
			.toList()).isEqualTo(ProviderProfiles.names());
		assertThat(properties().get("chat.fallback-models").path("type").stringValue())
			.isEqualTo("java.util.List<java.lang.String>");
	}

	@Test
	void autoConfigurationIsRegisteredWithItsConditionsInTheGeneratedMetadata() throws IOException {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(ChatAutoConfiguration.class.getName());
		Properties conditions = new Properties();
		try (InputStream in = Files.newInputStream(metadataFile("spring-autoconfigure-metadata.properties"))) {
			conditions.load(in);
		}
		assertThat(conditions.getProperty(ChatAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.contains("org.springframework.web.reactive.function.client.WebClient")
			.contains("dev.chatconversation.client.ChatCompletionsClient");
	}

	@Test
	void whenAPropertyHasADefaultThenTheMetadataShowsIt() {
		Map<String, JsonNode> properties = properties();
		assertThat(properties.keySet()).containsAll(WITHOUT_DEFAULT);
		assertThat(properties.values())
			.filteredOn((property) -> !WITHOUT_DEFAULT.contains(property.path("name").stringValue()))
			.isNotEmpty()
			.allSatisfy((property) -> assertThat(property.has("defaultValue"))
				.as("%s has a default in the metadata", property.path("name").stringValue())
				.isTrue());
	}

	@Test
	void whenEveryPropertyIsSetToTheDefaultTheMetadataShowsThenTheSettingsAreTheLibraryDefaults() throws Exception {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("chat.base-url", "http://127.0.0.1:9/v1");
		values.put("chat.model", "test-model");
		properties().values()
			.stream()
			.filter((property) -> property.has("defaultValue") && !property.path("defaultValue").isArray())
			.forEach((property) -> values.put(property.path("name").stringValue(),
					property.path("defaultValue").asString()));
		ChatConnectionSettings documented = new ChatPropertiesMapper(bind(values)).defaultConnection();
		ChatConnectionSettings unset = new ChatPropertiesMapper(
				bind(Map.of("chat.base-url", "http://127.0.0.1:9/v1", "chat.model", "test-model")))
			.defaultConnection();
		assertThat(documented.maxResponseSize()).isEqualTo(clientDefault("DEFAULT_MAX_RESPONSE_SIZE"));
		assertThat(documented.maxConnections()).isEqualTo(clientDefault("DEFAULT_MAX_CONNECTIONS"));
		assertThat(documented.withLimits(null, null)).isEqualTo(unset);
		assertThat(properties().get("chat.fallback-models").path("defaultValue").isEmpty()).isTrue();
	}

	private static ChatProperties bind(Map<String, Object> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bind("chat", ChatProperties.class).get();
	}

	/**
	 * A limit of the client when the settings leave it unset, which only the client
	 * knows.
	 */
	private static Object clientDefault(String name) throws ReflectiveOperationException {
		Field field = Class.forName("dev.chatconversation.client.ClientSettings").getDeclaredField(name);
		field.setAccessible(true);
		return field.get(null);
	}

	/**
	 * The {@code chat.*} names of every bean property of {@link ChatProperties}, nested
	 * groups expanded, as the configuration processor should write them.
	 */
	private static Set<String> expectedPropertyNames() {
		Set<String> names = new TreeSet<>();
		addPropertyNames(names, "chat.", ChatConnectionProperties.class);
		addPropertyNames(names, "chat.", ChatProperties.class);
		addPropertyNames(names, "chat.context.", ChatContextProperties.class);
		addPropertyNames(names, "chat.tools.", ChatToolsProperties.class);
		addPropertyNames(names, "chat.observations.", ChatObservationProperties.class);
		addPropertyNames(names, "chat.store.", ChatStoreProperties.class);
		names.addAll(CONDITION_ONLY);
		return names;
	}

	private static void addPropertyNames(Set<String> names, String prefix, Class<?> type) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + kebabCase(field.getName());
			if (field.getType().getEnclosingClass() == ChatConnectionProperties.class
					|| field.getType().getEnclosingClass() == type && !field.getType().isEnum()) {
				addPropertyNames(names, name + ".", field.getType());
			}
			else {
				names.add(name);
			}
		}
	}

	private static String kebabCase(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static Map<String, JsonNode> properties() {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		metadata().path("properties")
			.forEach((property) -> properties.put(property.path("name").stringValue(), property));
		return properties;
	}

	private static JsonNode metadata() {
		return JsonMapper.shared().readTree(metadataFile("spring-configuration-metadata.json").toFile());
	}

	/**
	 * A file the processors wrote next to this module's compiled classes, rather than a
	 * classpath resource of the same name from another jar.
	 */
	private static Path metadataFile(String name) {
		try {
			Path classes = Path.of(ChatProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return classes.resolve("META-INF").resolve(name);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
