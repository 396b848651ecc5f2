package dev.chatconversation.samples.chatsse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor.Settings;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the AOT processing that {@code spring-boot-maven-plugin}'s {@code process-aot}
 * goal and a native image build run, on this app with a named connection set: the
 * library's beans must be written as code and its reflection hints included.
 */
class AotProcessingTests {

	@TempDir
	Path output;

	@Test
	void whenNamedConnectionsAreSetThenTheAppIsProcessedAheadOfTimeWithTheirBeansAndTheWireHints() throws IOException {
		Settings settings = Settings.builder()
			.sourceOutput(this.output.resolve("sources"))
			.resourceOutput(this.output.resolve("resources"))
			.classOutput(this.output.resolve("classes"))
			.groupId("dev.chatconversation")
			.artifactId("chat-sse")
			.build();
		ClassName initializer = new SpringApplicationAotProcessor(ChatSseApplication.class, settings,
				new String[] { "--chat.base-url=http://127.0.0.1:9/v1", "--chat.model=test-model",
						"--chat.connections.local.base-url=http://127.0.0.1:9/v1",
						"--chat.connections.local.model=llama3.2" })
			.process();
		assertThat(initializer.packageName()).isEqualTo(ChatSseApplication.class.getPackageName());
		assertThat(filesUnder("sources"))
			.anySatisfy((source) -> assertThat(source).contains("\"localChatCompletionsClient\"")
				.contains("\"localChatConversationFactory\""));
		assertThat(filesUnder("resources")).anySatisfy(
				(resource) -> assertThat(resource).contains("dev.chatconversation.client.model.ChatCompletionChunk")
					.contains("dev.chatconversation.message.AssistantMessage"));
	}

	private List<String> filesUnder(String directory) throws IOException {
		try (Stream<Path> files = Files.walk(this.output.resolve(directory))) {
			return files.filter(Files::isRegularFile).map(AotProcessingTests::read).toList();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
