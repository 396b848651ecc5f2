package dev.chatconversation.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.message.AssistantMessage;
import dev.chatconversation.message.Message;
import dev.chatconversation.message.SystemMessage;
import dev.chatconversation.message.UserMessage;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Spring Boot application against a WireMock server that replays a recorded
 * OpenAI stream: the injected factory's conversation streams the reply and keeps the
 * history.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = { "chat.model=gpt-4o",
		"chat.api-key=sk-integration-tests-0123456789", "chat.system-prompt=You are a weather assistant." })
class ChatAutoConfigurationIntegrationTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	@DynamicPropertySource
	static void chatProperties(DynamicPropertyRegistry registry) {
		registry.add("chat.base-url", () -> ChatServerStubs.baseUrl(wireMock));
	}

	@Autowired
	private ChatConversationFactory conversations;

	@Test
	void injectedFactoryMakesAConversationThatStreamsTheReplyAndKeepsTheHistory() {
		ChatServerStubs.stubStream(wireMock);
		ChatCompletionsConversation conversation = this.conversations.newConversation();
		List<String> deltas = new ArrayList<>();
		StepVerifier.create(conversation.sendAndStreamResponse("What's the weather in San Francisco?"))
			.recordWith(() -> deltas)
			.thenConsumeWhile((delta) -> true)
			.expectComplete()
			.verify(ChatServerStubs.TIMEOUT);
		assertThat(deltas).isEqualTo(ChatServerStubs.STREAM_DELTAS);
		List<Message> history = conversation.messages();
		assertThat(history).hasSize(3);
		assertThat(history.get(0)).isInstanceOf(SystemMessage.class);
		assertThat(history.get(0).text()).isEqualTo("You are a weather assistant.");
		assertThat(history.get(1)).isInstanceOf(UserMessage.class);
		assertThat(history.get(1).text()).isEqualTo("What's the weather in San Francisco?");
		assertThat(history.get(2)).isInstanceOfSatisfying(AssistantMessage.class, (reply) -> {
			assertThat(reply.text()).isEqualTo(String.join("", ChatServerStubs.STREAM_DELTAS));
			assertThat(reply.finishReason()).isEqualTo("stop");
		});
		LoggedRequest request = ChatServerStubs.onlyRequest(wireMock);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-integration-tests-0123456789");
		assertThat(request.getHeader("Accept")).isEqualTo("text/event-stream");
		JsonNode body = ChatServerStubs.body(request);
		assertThat(body.path("model").stringValue()).isEqualTo("gpt-4o");
		assertThat(body.path("stream").booleanValue()).isTrue();
		assertThat(body.path("stream_options")).isEqualTo(JsonMapper.shared().readTree("{\"include_usage\":true}"));
		assertThat(body.path("messages")).isEqualTo(JsonMapper.shared().readTree("""
				[
				  {"role": "system", "content": "You are a weather assistant."},
				  {"role": "user", "content": "What's the weather in San Francisco?"}
				]
				"""));
	}

	@Test
	void secondTurnSendsTheWholeHistory() {
		ChatServerStubs.stubStream(wireMock);
		ChatCompletionsConversation conversation = this.conversations.newConversation();
		for (String question : List.of("Weather?", "And tomorrow?")) {
			StepVerifier.create(conversation.sendAndStreamResponse(question))
				.expectNextSequence(ChatServerStubs.STREAM_DELTAS)
				.expectComplete()
				.verify(ChatServerStubs.TIMEOUT);
		}
		List<LoggedRequest> requests = ChatServerStubs.requests(wireMock);
		assertThat(requests).hasSize(2);
		JsonNode secondMessages = ChatServerStubs.body(requests.get(1)).path("messages");
		assertThat(secondMessages).hasSize(4);
		assertThat(secondMessages.path(2).path("role").stringValue()).isEqualTo("assistant");
		assertThat(secondMessages.path(3).path("content").stringValue()).isEqualTo("And tomorrow?");
		assertThat(conversation.messages()).hasSize(5);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
