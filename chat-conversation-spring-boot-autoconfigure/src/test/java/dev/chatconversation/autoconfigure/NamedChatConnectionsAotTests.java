package dev.chatconversation.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Spring AOT can write the beans of named connections as code, which it cannot
 * do for instance suppliers, and that an application's own bean of the same name takes
 * the place of the library's.
 */
class NamedChatConnectionsAotTests {

	@Test
	void whenNamedConnectionsAreSetThenAotProcessingWritesTheirBeansAsFactoryMethodCalls() {
		InMemoryGeneratedFiles files = processAheadOfTime(context("chat.base-url=http://127.0.0.1:9/v1",
				"chat.model=default-model", "chat.connections.local.base-url=http://127.0.0.1:9/v1",
				"chat.connections.local.model=llama3.2"));
		String code = String.join("\n", sources(files));
		assertThat(code).contains("\"localChatCompletionsClient\"")
			.contains("\"localChatConversationFactory\"")
			.contains("NamedChatConnectionBeans.client(")
			.contains("NamedChatConnectionBeans.factory(")
			.contains("addIndexedArgumentValue(0, \"local\")");
	}

	@Test
	void whenTheApplicationDefinesABeanWithTheNameOfANamedConnectionBeanThenItsOwnIsKept() {
		GenericApplicationContext context = context("chat.model=default-model",
				"chat.connections.local.base-url=http://127.0.0.1:9/v1", "chat.connections.local.model=llama3.2");
		ChatCompletionsClient own = ChatCompletionsClient.builder()
			.baseUrl("http://127.0.0.1:9/own/v1")
			.apiKey("sk-own")
			.build();
		context.registerBean("localChatCompletionsClient", ChatCompletionsClient.class, () -> own);
		context.refresh();
		try (context) {
			assertThat(context.getBean("localChatCompletionsClient")).isSameAs(own);
			assertThat(context.getBean("localChatConversationFactory", ChatConversationFactory.class).client())
				.isSameAs(own);
		}
	}

	@Test
	void whenNamedConnectionsAreSetThenAotProcessingKeepsThePostProcessorThatQualifiesThem() {
		InMemoryGeneratedFiles files = processAheadOfTime(context(
				"chat.connections.local.base-url=http://127.0.0.1:9/v1", "chat.connections.local.model=llama3.2"));
		assertThat(String.join("\n", sources(files))).contains("new NamedConnectionQualifiers(")
			.contains("\"localChatCompletionsClient\", \"localChatConversationFactory\"");
	}

	@Test
	void whenADefinitionComesWithoutItsQualifierThenThePostProcessorQualifiesItByConnectionName() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		RootBeanDefinition written = new RootBeanDefinition(ChatCompletionsClient.class);
		beanFactory.registerBeanDefinition("localChatCompletionsClient", written);
		RootBeanDefinition other = new RootBeanDefinition(ChatCompletionsClient.class);
		beanFactory.registerBeanDefinition("otherChatCompletionsClient", other);
		new NamedConnectionQualifiers(new String[] { "localChatCompletionsClient" }, new String[] { "local" })
			.postProcessBeanFactory(beanFactory);
		assertThat(written.getQualifiedElement()).isNotNull();
		assertThat(written.getQualifiedElement().getAnnotation(Qualifier.class).value()).isEqualTo("local");
		assertThat(written.isDefaultCandidate()).isFalse();
		assertThat(other.getQualifiedElement()).isNull();
		assertThat(other.isDefaultCandidate()).isTrue();
	}

	private static GenericApplicationContext context(String... properties) {
		GenericApplicationContext context = new GenericApplicationContext();
		TestPropertyValues.of(properties).applyTo(context);
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(ChatAutoConfiguration.class);
		return context;
	}

	static InMemoryGeneratedFiles processAheadOfTime(GenericApplicationContext context) {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(NamedChatConnectionsAotTests.class)), files);
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		generation.writeGeneratedContent();
		return files;
	}

	private static List<String> sources(InMemoryGeneratedFiles files) {
		List<String> sources = new ArrayList<>();
		files.getGeneratedFiles(Kind.SOURCE).values().forEach((source) -> {
			try {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				source.getInputStream().transferTo(out);
				sources.add(out.toString(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		return sources;
	}

}
