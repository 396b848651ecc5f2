package dev.chatconversation.autoconfigure;

import dev.chatconversation.testfixture.ChatWireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.message.Message;
import dev.chatconversation.observation.ChatObservationMeterHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatObservationAutoConfiguration}: the context's
 * {@link ObservationRegistry} reaches every client and conversation the starter builds,
 * content stays out unless {@code chat.observations.include-content} is set, and a
 * {@link MeterRegistry} gets the token and first-chunk meters.
 */
class ChatObservationAutoConfigurationTests {

	@RegisterExtension
	static final WireMockExtension wireMock = ChatWireMock.extension();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, ChatObservationAutoConfiguration.class,
				WebClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s",
				"chat.base-url=" + ChatServerStubs.baseUrl(wireMock), "chat.model=gpt-4o-mini");

	@Test
	void whenTheContextHasAnObservationRegistryThenEveryCallAndTurnIsObserved() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
			ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
			StepVerifier.create(factory.newConversation().sendAndGetResponse("Hi")).expectNextCount(1).verifyComplete();
			TestObservationRegistryAssert.assertThat(this.registry)
				.hasNumberOfObservationsWithNameEqualTo("gen_ai.conversation.turn", 1)
				.hasObservationWithNameEqualTo("gen_ai.client.operation")
				.that()
				.hasBeenStopped()
				.hasParentObservation()
				.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
				.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.prompt");
		});
	}

	@Test
	void whenIncludeContentIsSetThenThePromptIsOnTheObservation() {
		ChatServerStubs.stubCompletion(wireMock);
		this.contextRunner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues("chat.observations.include-content=true")
			.run((context) -> {
				ChatCompletionsClient client = context.getBean(ChatCompletionsClient.class);
				ChatCompletionRequest request = ChatCompletionRequest.builder()
					.model("gpt-4o-mini")
					.message(Message.user("Hi there"))
					.build();
				StepVerifier.create(client.create(request)).expectNextCount(1).verifyComplete();
				TestObservationRegistryAssert.assertThat(this.registry)
					.hasSingleObservationThat()
					.hasHighCardinalityKeyValue("gen_ai.prompt", "user: Hi there")
					.hasHighCardinalityKeyValueWithKey("gen_ai.completion");
			});
	}

	@Test
	void whenTheContextHasNoObservationRegistryThenClientsAreNotDecorated() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ChatCompletionsClient.class).getClass())
			.hasToString("class dev.chatconversation.client.DefaultChatCompletionsClient"));
	}

	@Test
	void whenTheContextHasAMeterRegistryThenTheMeterHandlerIsDefined() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ChatObservationMeterHandler.class));
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ChatObservationMeterHandler.class));
	}

	@Test
	void whenMicrometerCoreIsMissingThenObservationsStillWork() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ChatObservationMeterHandler.class);
				assertThat(context.getBean(ChatObservationProperties.class).isIncludeContent()).isFalse();
			});
	}

}
