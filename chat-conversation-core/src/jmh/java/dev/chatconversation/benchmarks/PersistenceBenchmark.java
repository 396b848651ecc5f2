package dev.chatconversation.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.MessageJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Saving, loading and exporting a 10,000-message conversation of mixed text, parts and
 * tool calls; the goal is well under 100 ms each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PersistenceBenchmark {

	static final int MESSAGES = 10_000;

	private List<Message> messages;

	private ChatCompletionsConversation conversation;

	private byte[] json;

	private Path folder;

	private Path saved;

	private Path loaded;

	@Setup
	public void prepare() throws IOException {
		this.messages = SampleConversations.mixed(MESSAGES);
		this.conversation = ChatCompletionsConversation.builder().model("gpt-4o-mini").messages(this.messages).build();
		this.json = MessageJson.writeList(this.messages, true).getBytes(StandardCharsets.UTF_8);
		this.folder = Files.createTempDirectory("chat-conversation-bench");
		this.saved = this.folder.resolve("saved.json");
		this.loaded = this.folder.resolve("loaded.json");
		Files.write(this.loaded, this.json);
	}

	@TearDown
	public void cleanUp() throws IOException {
		Files.deleteIfExists(this.saved);
		Files.deleteIfExists(this.loaded);
		Files.deleteIfExists(this.folder);
	}

	@Benchmark
	public String writeList() {
		return MessageJson.writeList(this.messages, true);
	}

	@Benchmark
	public List<Message> readList() {
		return MessageJson.readList(this.json, null);
	}

	@Benchmark
	public Path saveToJsonFile() {
		this.conversation.saveToJsonFile(this.saved);
		return this.saved;
	}

	@Benchmark
	public ChatCompletionsConversation loadFromJsonFile() {
		this.conversation.loadFromJsonFile(this.loaded);
		return this.conversation;
	}

	@Benchmark
	public String exportToText() {
		return this.conversation.exportToText();
	}

	@Benchmark
	public String exportToMarkdown() {
		return this.conversation.exportToMarkdown();
	}

}
