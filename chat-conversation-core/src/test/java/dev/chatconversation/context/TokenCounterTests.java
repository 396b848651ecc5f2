package dev.chatconversation.context;

import java.util.List;

import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.ContentPart;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.ToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TokenCounter}: the encoding chosen for a model, real token counts and
 * the estimate. Reference counts are those printed by OpenAI's cookbook "How to count
 * tokens with tiktoken" ({@code compare_encodings} and {@code num_tokens_from_string}).
 */
class TokenCounterTests {

	@ParameterizedTest
	@CsvSource(nullValues = "none",
			value = { "gpt-4o, o200k_base", "gpt-4o-mini-2024-07-18, o200k_base", "chatgpt-4o-latest, o200k_base",
					"gpt-4.1-nano, o200k_base", "gpt-4.5-preview, o200k_base", "gpt-5, o200k_base", "o1, o200k_base",
					"o3-mini, o200k_base", "o4-mini-high, o200k_base", "openai/gpt-4o, o200k_base",
					"ft:gpt-4o-mini:acme::abc123, o200k_base", "GPT-4O, o200k_base", "gpt-4, cl100k_base",
					"gpt-4-turbo-2024-04-09, cl100k_base", "gpt-3.5-turbo, cl100k_base", "gpt-35-turbo, cl100k_base",
					"mistral-large-latest, none", "llama3.2, none", "deepseek-chat, none", "albert-large, none",
					"omni-moderation, none", "o, none" })
	void whenTheModelIsAnOpenAiModelThenItsEncodingIsKnown(String model, String encoding) {
		assertThat(ModelEncodings.encodingName(model)).isEqualTo(encoding);
	}

	@Test
	void whenTheModelIsUnknownThenTheCounterIsTheEstimate() {
		Message message = Message.user("x".repeat(40));

		assertThat(TokenCounter.forModel("llama3.2").count(message)).isEqualTo(4 + 10);
		assertThat(TokenCounter.forModel(null).count(message)).isEqualTo(4 + 10);
	}

	@Test
	void whenTheEncodingIsKnownThenTextIsCountedWithTheRealTokenizer() {
		// the cookbook's counts: o200k_base 8 and cl100k_base 9 tokens
		Message message = Message.user("お誕生日おめでとう");

		assertThat(TokenCounter.forModel("gpt-4o").count(message)).isEqualTo(4 + 8);
		assertThat(TokenCounter.forModel("gpt-4").count(message)).isEqualTo(4 + 9);
		assertThat(TokenCounter.ofEncoding("cl100k_base").count(Message.user("tiktoken is great!"))).isEqualTo(4 + 6);
	}

	@Test
	void whenTheTextContainsSpecialTokenNamesThenTheyAreCountedAsPlainText() {
		Message message = Message.user("<|endoftext|>");

		assertThat(TokenCounter.forModel("gpt-4o").count(message)).isGreaterThan(4 + 1);
	}

	@Test
	void whenAMessageHasToolCallsAndMediaThenTheirTextsAndAFixedMediaCostCount() {
		TokenCounter counter = TokenCounter.estimate();
		AssistantMessage calling = AssistantMessage.builder()
			.toolCall(ToolCall.function("call_abc", "weather", "{\"city\":\"Paris\"}"))
			.build();
		Message image = Message.user(List.of(ContentPart.text("What is this?"), ContentPart.imageUrl("https://x/y")));

		// "call_abc" 8 chars, "weather" 7, the arguments 16: 2 + 2 + 4 tokens
		assertThat(counter.count(calling)).isEqualTo(4 + 2 + 2 + 4);
		assertThat(counter.count(image)).isEqualTo(4 + 4 + 85);
		assertThat(counter.count(Message.tool("call_abc", "sunny"))).isEqualTo(4 + 2 + 2);
	}

	@Test
	void whenTheEncodingIsUnknownThenItIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenCounter.ofEncoding("llama3"))
			.withMessageContaining("llama3");
	}

}
