package dev.chatconversation.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.chatconversation.boot.ChatConnections;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatPropertiesFailureAnalyzer}: invalid {@code chat.*} properties stop
 * the context, and the analyzer registered in {@code META-INF/spring.factories} explains
 * which property is wrong and what to do, without ever showing the API key.
 */
class ChatPropertiesFailureAnalyzerTests {

	private static final String API_KEY = "sk-failure-analyzer-tests-9876543210";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	static Stream<Arguments> invalidProperties() {
		return Stream.of(
				invalid("chat.base-url", "'not a url'", List.of("chat.base-url=not a url", "chat.model=gpt-4o-mini")),
				invalid("chat.base-url", "'ftp://x'", List.of("chat.base-url=ftp://x", "chat.model=gpt-4o-mini")),
				invalid("chat.base-url", "'http://'", List.of("chat.base-url=http://", "chat.model=gpt-4o-mini")),
				invalid("chat.base-url", "(not set)", List.of("chat.base-url=", "chat.model=gpt-4o-mini")),
				invalid("chat.model", "(not set)", List.of("chat.base-url=https://api.openai.com/v1")),
				invalid("chat.connections.local.model", "(not set)",
						List.of("chat.connections.local.base-url=http://localhost:11434/v1")),
				invalid("chat.connections.local.base-url", "(not set)",
						List.of("chat.connections.local.model=llama3.2")),
				invalid("chat.connections.local.base-url", "'localhost:11434'",
						List.of("chat.connections.local.base-url=localhost:11434", "chat.model=llama3.2")),
				invalid("chat.options.response-format", "'json_schema'",
						List.of("chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini",
								"chat.options.response-format=json_schema")),
				invalid("chat.connections.local.options.response-format", "'yaml'",
						List.of("chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini",
								"chat.connections.local.options.response-format=yaml")),
				invalid("chat.max-response-size", "'0B'", valid("chat.max-response-size=0")),
				invalid("chat.max-connections", "'0'", valid("chat.max-connections=0")),
				invalid("chat.timeouts.total", "'PT-1S'", valid("chat.timeouts.total=-1s")),
				invalid("chat.connections.local.timeouts.stream-idle", "'PT-0.5S'",
						valid("chat.connections.local.timeouts.stream-idle=-500ms")),
				invalid("chat.retry.max-attempts", "'0'", valid("chat.retry.max-attempts=0")),
				invalid("chat.retry.initial-backoff", "'PT-1S'", valid("chat.retry.initial-backoff=-1s")),
				invalid("chat.max-connections", "'-1'",
						List.of("chat.model=llama3.2", "chat.max-connections=-1",
								"chat.connections.local.base-url=http://localhost:11434/v1")),
				// a chat.* value is checked where it is set, even when every connection
				// sets its own
				invalid("chat.retry.max-attempts", "'0'", List.of("chat.retry.max-attempts=0",
						"chat.connections.local.base-url=http://localhost:11434/v1",
						"chat.connections.local.model=llama3.2", "chat.connections.local.retry.max-attempts=2")));
	}

	/** A valid default connection plus the given properties. */
	private static List<String> valid(String... properties) {
		return Stream
			.concat(Stream.of("chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini"),
					Stream.of(properties))
			.toList();
	}

	private static Arguments invalid(String property, String shownValue, List<String> properties) {
		return Arguments.of(property, shownValue, properties);
	}

	@ParameterizedTest(name = "{2}")
	@MethodSource("invalidProperties")
	void invalidPropertiesStopTheContextWithAnAnalysisNamingThePropertyAndValue(String property, String shownValue,
			List<String> properties) {
		this.contextRunner.withPropertyValues("chat.api-key=" + API_KEY)
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
					.isInstanceOf(InvalidChatPropertiesException.class);
				FailureAnalysis analysis = analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: " + property)
					.contains("Value: " + shownValue)
					.contains("Reason: ");
				assertThat(analysis.getAction()).contains(property);
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(API_KEY);
				assertThat(stackTraceOf(failure)).doesNotContain(API_KEY);
			});
	}

	@Test
	void missingApiKeyIsNotAFailure() {
		this.contextRunner
			.withPropertyValues("chat.base-url=http://localhost:11434/v1", "chat.model=llama3.2",
					"chat.connections.vllm.base-url=http://localhost:8000/v1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ChatConnections.class).conversations("vllm").settings().apiKey()).isNull();
			});
	}

	@Test
	void analyzerIsRegisteredInSpringFactories() {
		assertThat(loadFailureAnalyzers()).hasAtLeastOneElementOfType(ChatPropertiesFailureAnalyzer.class);
	}

	@Test
	void analyzerIgnoresOtherFailures() {
		assertThat(new ChatPropertiesFailureAnalyzer().analyze(new IllegalStateException("unrelated"))).isNull();
	}

	/**
	 * Runs the failure analyzers registered in {@code spring.factories} the way Spring
	 * Boot does, first answer wins, to prove that ours is found and reached.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		return loadFailureAnalyzers().stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	private static List<FailureAnalyzer> loadFailureAnalyzers() {
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		return SpringFactoriesLoader
			.forDefaultResourceLocation(ChatPropertiesFailureAnalyzerTests.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments,
					FailureHandler.logging(LogFactory.getLog(ChatPropertiesFailureAnalyzerTests.class)));
	}

	private static String stackTraceOf(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
