package dev.chatconversation.client;

import java.util.ArrayList;
import java.util.List;

import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captured streams re-framed with every edge case of the server-sent events format at
 * once (reliability scenario 12, synthetic framing around captured data): CRLF line ends,
 * {@code :} comments before, between and inside events, data split over two {@code data:}
 * lines, {@code data:} without the space, {@code event:}, {@code id:} and {@code retry:}
 * fields, and a last event without its blank line, all written to the socket in
 * seven-character pieces. The client reads the same chunks as from the clean capture, so
 * comments never reach the JSON reader.
 */
class ReframedStreamTests {

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.retryPolicy(RetryPolicy.NONE)
		.build();

	@ParameterizedTest
	@ValueSource(strings = { "openai/stream-text-include-usage.sse", "openai/stream-tool-calls-parallel.sse",
			"deepseek/stream-reasoning-tool-call.sse", "openai/stream-refusal.sse" })
	void aReframedCaptureGivesTheSameChunksAsTheCleanCapture(String fixture) {
		String clean = Payloads.fixture(fixture);
		List<String> data = clean.lines()
			.filter((line) -> line.startsWith("data: "))
			.map((line) -> line.substring(6))
			.toList();
		this.server.reply(FakeChatServer.stream(Flux.just(clean)),
				FakeChatServer.stream(Flux.fromIterable(pieces(reframed(data), 7))));

		List<ChatCompletionChunk> expected = this.client.stream(Payloads.request()).collectList().block();
		List<ChatCompletionChunk> actual = this.client.stream(Payloads.request()).collectList().block();

		assertThat(expected).hasSize(data.size() - (data.get(data.size() - 1).equals("[DONE]") ? 1 : 0));
		assertThat(actual).isEqualTo(expected);
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void aReframedIncludeUsageCaptureKeepsItsTextFinishReasonAndUsage() {
		String clean = Payloads.fixture("openai/stream-text-include-usage.sse");
		List<String> data = clean.lines()
			.filter((line) -> line.startsWith("data: "))
			.map((line) -> line.substring(6))
			.toList();
		this.server.reply(FakeChatServer.stream(Flux.fromIterable(pieces(reframed(data), 7))));

		StepVerifier.create(this.client.stream(Payloads.request()).collectList()).assertNext((chunks) -> {
			String text = String.join("", chunks.stream().map(ChatCompletionChunk::text).toList());
			assertThat(text).startsWith("**Holiday").doesNotContain("OPENROUTER", ": ping", ": keep-alive");
			assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isEqualTo("stop");
			Usage usage = chunks.get(chunks.size() - 1).usage();
			assertThat(usage).isNotNull();
			assertThat(usage.promptTokens()).isEqualTo(16);
			assertThat(usage.completionTokens()).isEqualTo(300);
			assertThat(usage.totalTokens()).isEqualTo(316);
		}).verifyComplete();
	}

	/**
	 * Synthetic framing around the captured data: every framing variant the SSE
	 * specification allows, with CRLF line ends and no blank line after the last event.
	 */
	private static String reframed(List<String> data) {
		StringBuilder body = new StringBuilder(": OPENROUTER PROCESSING\r\n\r\n");
		for (int i = 0; i < data.size(); i++) {
			String event = data.get(i);
			if (i % 3 == 0) {
				body.append(": ping\r\n");
			}
			if (i % 5 == 1) {
				body.append("id: ").append(i).append("\r\n");
			}
			if (i == 2) {
				body.append("retry: 3000\r\n");
			}
			if (i % 4 == 3) {
				body.append("event: message\r\n");
			}
			String field = (i % 2 == 0) ? "data:" : "data: ";
			if (i % 2 == 1 && event.startsWith("{")) {
				// JSON allows a line feed after the brace, where the two lines are joined
				body.append(field).append("{\r\n").append("data: ").append(event.substring(1));
			}
			else {
				body.append(field).append(event);
			}
			body.append("\r\n");
			if (i < data.size() - 1) {
				body.append("\r\n");
				if (i % 6 == 0) {
					body.append(": keep-alive\r\n\r\n");
				}
			}
		}
		return body.toString();
	}

	private static List<String> pieces(String body, int size) {
		List<String> pieces = new ArrayList<>();
		for (int start = 0; start < body.length(); start += size) {
			pieces.add(body.substring(start, Math.min(body.length(), start + size)));
		}
		return pieces;
	}

}
