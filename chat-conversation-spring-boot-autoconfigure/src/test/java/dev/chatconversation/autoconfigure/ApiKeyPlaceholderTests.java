package dev.chatconversation.autoconfigure;

import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chatconversation.boot.ChatConnections;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.testfixture.ChatWireMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that an API key property holding an unresolved placeholder, or a blank one, never
 * goes out as a key, and that the placeholder is reported once by its property.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyPlaceholderTests {

	private static final String UNSET = "CHAT_CONVERSATION_TESTS_UNSET_KEY";

	private static final String WARNING = "holds the unresolved placeholder ${" + UNSET + "}, so no API key is sent";

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "chat.model=gpt-4o-mini",
				"chat.base-url=" + ChatServerStubs.baseUrl(wireMock));

	@Test
	void whenTheKeyIsAnUnresolvedPlaceholderThenNoAuthorizationHeaderIsSentAndOneWarningNamesTheProperty(
			CapturedOutput output) {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withPropertyValues("chat.api-key=${" + UNSET + "}").run((context) -> {
			sendOneTurn(context.getBean(ChatConversationFactory.class));
			LoggedRequest request = ChatServerStubs.onlyRequest(wireMock);
			assertThat(request.containsHeader("Authorization")).isFalse();
			assertThat(request.getBodyAsString()).doesNotContain(UNSET);
		});
		assertThat(output.getOut().split(Pattern.quote("chat.api-key " + WARNING), -1)).hasSize(2);
	}

	@Test
	void whenANamedConnectionKeyIsAnUnresolvedPlaceholderThenItSendsNoKeyNotTheDefaultOne(CapturedOutput output) {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner
			.withPropertyValues("chat.api-key=sk-default-key-0123456789",
					"chat.connections.other.base-url=" + ChatServerStubs.baseUrl(wireMock),
					"chat.connections.other.api-key=${" + UNSET + "}")
			.run((context) -> {
				ChatConnections connections = context.getBean(ChatConnections.class);
				assertThat(connections.conversations("other").settings().apiKey()).isEmpty();
				sendOneTurn(connections.conversations("other"));
				assertThat(ChatServerStubs.onlyRequest(wireMock).containsHeader("Authorization")).isFalse();
			});
		assertThat(output.getOut()).contains("chat.connections.other.api-key " + WARNING)
			.doesNotContain("chat.api-key holds");
	}

	@Test
	void whenTheKeyIsBlankThenNoAuthorizationHeaderIsSentWithoutWarning(CapturedOutput output) {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withPropertyValues("chat.api-key=${" + UNSET + ":}").run((context) -> {
			sendOneTurn(context.getBean(ChatConversationFactory.class));
			assertThat(ChatServerStubs.onlyRequest(wireMock).containsHeader("Authorization")).isFalse();
		});
		assertThat(output.getOut()).doesNotContain("unresolved placeholder");
	}

	@Test
	void whenTheKeyIsSetThenItIsSentAsIs() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withPropertyValues("chat.api-key=sk-resolved-key-0123456789").run((context) -> {
			sendOneTurn(context.getBean(ChatConversationFactory.class));
			assertThat(ChatServerStubs.onlyRequest(wireMock).getHeader("Authorization"))
				.isEqualTo("Bearer sk-resolved-key-0123456789");
		});
	}

	private static void sendOneTurn(ChatConversationFactory factory) {
		StepVerifier.create(factory.newConversation().sendAndGetResponse("Hi"))
			.expectNextCount(1)
			.expectComplete()
			.verify(ChatServerStubs.TIMEOUT);
	}

}
