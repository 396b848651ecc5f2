package dev.chatconversation.autoconfigure;

import java.util.List;
import java.util.Objects;

import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MissingChatBeanFailureAnalyzer}: an application that injects a chat
 * bean without any {@code chat.*} settings is told which properties to set.
 */
class MissingChatBeanFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s");

	@ParameterizedTest(name = "{0}")
	@ValueSource(classes = { FactoryUser.class, ClientUser.class })
	void whenNoChatPropertiesAreSetThenTheAnalysisSaysWhichPropertiesToSet(Class<?> user) {
		this.contextRunner.withUserConfiguration(user).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("chat.base-url or chat.provider").contains("chat.model");
			assertThat(analysis.getAction()).contains("chat.base-url=https://api.openai.com/v1")
				.contains("chat.api-key=${OPENAI_API_KEY:}")
				.contains("chat.model=gpt-4o-mini")
				.contains("chat.provider=ollama");
		});
	}

	@Test
	void whenTheSuggestedPropertiesAreSetThenTheApplicationStarts() {
		this.contextRunner.withUserConfiguration(FactoryUser.class)
			.withPropertyValues("chat.base-url=https://api.openai.com/v1", "chat.model=gpt-4o-mini")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ChatConnections.class));
	}

	@Test
	void whenAnotherBeanIsMissingThenTheAnalyzerLeavesItToSpringBoot() {
		this.contextRunner.withUserConfiguration(StringUser.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new MissingChatBeanFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
		});
	}

	@Test
	void whenSpringBootLoadsTheAnalyzersThenThisOneIsRegisteredBeforeTheGenericOne() {
		List<FailureAnalyzer> analyzers = loadFailureAnalyzers();
		assertThat(analyzers).hasAtLeastOneElementOfType(MissingChatBeanFailureAnalyzer.class);
		assertThat(analyzers.get(0)).isInstanceOf(MissingChatBeanFailureAnalyzer.class);
	}

	/** Runs the analyzers of {@code spring.factories} as Spring Boot does. */
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
			.forDefaultResourceLocation(MissingChatBeanFailureAnalyzerTests.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments,
					FailureHandler.logging(LogFactory.getLog(MissingChatBeanFailureAnalyzerTests.class)));
	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryUser {

		@Bean
		Object chatUser(ChatConversationFactory conversations) {
			return conversations;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientUser {

		@Bean
		Object chatUser(ChatCompletionsClient client) {
			return client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StringUser {

		@Bean
		Object stringUser(StringBuilder missing) {
			return missing;
		}

	}

}
