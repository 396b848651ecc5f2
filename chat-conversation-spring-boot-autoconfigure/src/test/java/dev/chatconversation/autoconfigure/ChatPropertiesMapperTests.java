package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.boot.ChatConversationFactory;
import dev.chatconversation.ChatCompletionsConversation;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.message.SystemMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatPropertiesMapper}: each {@code chat.*} property, bound by Spring
 * Boot, lands in the {@link ChatConnectionSettings} and the request defaults of new
 * conversations, and defaults apply when it is unset.
 */
class ChatPropertiesMapperTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChatAutoConfiguration.class, WebClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("spring.reactor.netty.shutdown-quiet-period=0s", "chat.base-url=http://localhost:11434/v1",
				"chat.model=llama3.2");

	@Test
	void connectionPropertiesMapToTheSettings() {
		withSettings((settings) -> {
			assertThat(settings.name()).isEqualTo("default");
			assertThat(settings.baseUrl()).isEqualTo("https://api.example.com/v1");
			assertThat(settings.apiKey()).isEqualTo("sk-mapper");
			assertThat(settings.organization()).isEqualTo("org-1");
			assertThat(settings.project()).isEqualTo("proj-1");
			assertThat(settings.headers())
				.containsExactlyInAnyOrderEntriesOf(Map.of("X-Team", "blue", "X-Env", "test"));
			assertThat(settings.maxResponseSize()).isEqualTo(1024);
			assertThat(settings.maxConnections()).isEqualTo(5);
			assertThat(settings.requestDefaults().model()).isEqualTo("gpt-4o-mini");
		}, "chat.base-url= https://api.example.com/v1 ", "chat.api-key=sk-mapper", "chat.organization=org-1",
				"chat.project=proj-1", "chat.headers.X-Team=blue", "chat.headers.X-Env=test",
				"chat.max-response-size=1KB", "chat.max-connections=5", "chat.model=gpt-4o-mini");
	}

	/**
	 * The client's description is the only public view of the settings it was built with;
	 * it shows that the limits reach the client, not only the settings record.
	 */
	@Test
	void limitsTimeoutsAndRetriesReachTheBuiltClient() {
		this.contextRunner
			.withPropertyValues("chat.max-response-size=1KB", "chat.max-connections=5", "chat.timeouts.connect=3s",
					"chat.timeouts.total=0", "chat.retry.max-attempts=1")
			.run((context) -> assertThat(context.getBean(ChatCompletionsClient.class).toString())
				.contains("maxResponseSize=1024", "maxConnections=5", "connect=PT3S", "total=null", "maxRetries=0"));
	}

	@Test
	void unsetConnectionPropertiesTakeTheirDefaults() {
		withSettings((settings) -> {
			assertThat(settings.apiKey()).isNull();
			assertThat(settings.organization()).isNull();
			assertThat(settings.project()).isNull();
			assertThat(settings.headers()).isEmpty();
			assertThat(settings.maxResponseSize()).isNull();
			assertThat(settings.maxConnections()).isNull();
			assertThat(settings.clientBuilder(WebClient.builder()).build())
				.hasToString("ChatCompletionsClient[ClientSettings[baseUrl=http://localhost:11434/v1, apiKey=none, "
						+ "timeouts=" + Timeouts.DEFAULTS + ", retryPolicy=" + RetryPolicy.DEFAULTS
						+ ", maxResponseSize=16777216, maxConnections=10000, provider=generic]]");
			assertThat(settings.systemPrompt()).isNull();
			assertThat(settings.timeouts()).isEqualTo(Timeouts.DEFAULTS);
			assertThat(settings.retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS);
		});
	}

	@Test
	void everyOptionMapsToTheRequestDefaultsOfNewConversations() {
		withRequestDefaults((request) -> {
			assertThat(request.model()).isEqualTo("llama3.2");
			assertThat(request.temperature()).isEqualTo(0.2);
			assertThat(request.topP()).isEqualTo(0.9);
			assertThat(request.maxTokens()).isEqualTo(256);
			assertThat(request.maxCompletionTokens()).isEqualTo(512);
			assertThat(request.reasoningEffort()).isEqualTo("low");
			assertThat(request.seed()).isEqualTo(42L);
			assertThat(request.stop()).containsExactly("END", "STOP");
			assertThat(request.user()).isEqualTo("user-7");
			assertThat(request.responseFormat()).isEqualTo(ResponseFormat.jsonObject());
			assertThat(request.frequencyPenalty()).isEqualTo(0.5);
			assertThat(request.presencePenalty()).isEqualTo(-0.5);
			assertThat(request.extraHeaders()).containsExactlyEntriesOf(Map.of("X-Request-Header", "on"));
			assertThat(request.messages()).isEmpty();
		}, "chat.options.temperature=0.2", "chat.options.top-p=0.9", "chat.options.max-tokens=256",
				"chat.options.max-completion-tokens=512", "chat.options.reasoning-effort=low", "chat.options.seed=42",
				"chat.options.stop=END,STOP", "chat.options.user=user-7", "chat.options.response-format=json_object",
				"chat.options.frequency-penalty=0.5", "chat.options.presence-penalty=-0.5",
				"chat.options.extra-headers.X-Request-Header=on");
	}

	@Test
	void unsetOptionsAreLeftOutOfTheRequestDefaults() {
		withRequestDefaults((request) -> {
			assertThat(request.temperature()).isNull();
			assertThat(request.topP()).isNull();
			assertThat(request.maxTokens()).isNull();
			assertThat(request.maxCompletionTokens()).isNull();
			assertThat(request.reasoningEffort()).isNull();
			assertThat(request.seed()).isNull();
			assertThat(request.stop()).isNull();
			assertThat(request.user()).isNull();
			assertThat(request.responseFormat()).isNull();
			assertThat(request.frequencyPenalty()).isNull();
			assertThat(request.presencePenalty()).isNull();
			assertThat(request.extraBody()).isEmpty();
			assertThat(request.extraHeaders()).isEmpty();
		});
	}

	@ParameterizedTest
	@CsvSource({ "text, text", "json_object, json_object", "json-object, json_object", "' json_object ', json_object" })
	void responseFormatAcceptsTextAndJsonObject(String configured, String sent) {
		withRequestDefaults((request) -> assertThat(request.responseFormat().type()).isEqualTo(sent),
				"chat.options.response-format=" + configured);
	}

	@Test
	void includeUsageIsOnByDefault() {
		withRequestDefaults((request) -> assertThat(request.streamOptions().includeUsage()).isTrue());
	}

	@Test
	void includeUsageFalseLeavesStreamOptionsOut() {
		withRequestDefaults((request) -> assertThat(request.streamOptions()).isNull(),
				"chat.options.include-usage=false");
	}

	@Test
	void extraBodyStringsThatAreJsonLiteralsAreSentAsJsonAndOthersAsStrings() {
		withRequestDefaults(
				(request) -> assertThat(request.extraBody()).containsExactlyInAnyOrderEntriesOf(Map.of("flag",
						json("true"), "count", json("42"), "ratio", json("0.5"), "object", json("{\"a\":1}"), "array",
						json("[1,2]"), "word", json("\"hello\""), "sentence", json("\"hello world\""), "padded",
						json("\"007\""), "almost", json("\"42 apples\""), "quoted", json("\"quoted\""))),
				"chat.options.extra-body.flag=true", "chat.options.extra-body.count=42",
				"chat.options.extra-body.ratio=0.5", "chat.options.extra-body.object={\"a\":1}",
				"chat.options.extra-body.array=[1,2]", "chat.options.extra-body.word=hello",
				"chat.options.extra-body.sentence=hello world", "chat.options.extra-body.padded=007",
				"chat.options.extra-body.almost=42 apples", "chat.options.extra-body.quoted=\"quoted\"");
	}

	@Test
	void extraBodyNestedKeysBecomeNestedJsonObjects() {
		withRequestDefaults(
				(request) -> assertThat(request.extraBody()).containsExactlyInAnyOrderEntriesOf(
						Map.of("chat_template_kwargs", json("{\"enable_thinking\":false}"), "top_k", json("40"))),
				"chat.options.extra-body.chat_template_kwargs.enable_thinking=false",
				"chat.options.extra-body.top_k=40");
	}

	@Test
	void systemPromptStartsEveryNewConversation() {
		this.contextRunner.withPropertyValues("chat.system-prompt=Answer in French.").run((context) -> {
			ChatConversationFactory factory = context.getBean(ChatConversationFactory.class);
			ChatCompletionsConversation first = factory.newConversation();
			ChatCompletionsConversation second = factory.newConversation();
			assertThat(first.messages()).singleElement()
				.isInstanceOfSatisfying(SystemMessage.class,
						(message) -> assertThat(message.text()).isEqualTo("Answer in French."));
			assertThat(second.messages()).isEqualTo(first.messages());
			assertThat(first).isNotSameAs(second);
		});
	}

	@Test
	void withoutSystemPromptNewConversationsStartEmpty() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ChatConversationFactory.class).newConversation().messages())
				.isEmpty());
	}

	@Test
	void timeoutsMapToTheSettings() {
		withSettings(
				(settings) -> assertThat(settings.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(3),
						Duration.ofSeconds(20), Duration.ofSeconds(45), Duration.ofMinutes(5))),
				"chat.timeouts.connect=3s", "chat.timeouts.first-byte=20s", "chat.timeouts.stream-idle=45s",
				"chat.timeouts.total=5m");
	}

	@Test
	void zeroTimeoutsDisableTheLimit() {
		withSettings((settings) -> assertThat(settings.timeouts()).isEqualTo(Timeouts.NONE), "chat.timeouts.connect=0",
				"chat.timeouts.first-byte=0s", "chat.timeouts.stream-idle=0ms", "chat.timeouts.total=0");
	}

	@Test
	void unsetTimeoutsKeepTheirDefaultsNextToSetOnes() {
		withSettings(
				(settings) -> assertThat(settings.timeouts())
					.isEqualTo(Timeouts.DEFAULTS.withFirstByte(Duration.ofSeconds(30))),
				"chat.timeouts.first-byte=30s");
	}

	@Test
	void retryPropertiesMapToTheRetryPolicy() {
		withSettings(
				(settings) -> assertThat(settings.retryPolicy()).isEqualTo(
						new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10))),
				"chat.retry.max-attempts=5", "chat.retry.initial-backoff=100ms", "chat.retry.max-backoff=2s",
				"chat.retry.max-retry-after=10s");
	}

	@Test
	void maxAttemptsOfOneTurnsRetriesOff() {
		withSettings((settings) -> assertThat(settings.retryPolicy().maxRetries()).isZero(),
				"chat.retry.max-attempts=1");
	}

	@Test
	void unsetRetryPropertiesKeepTheirDefaultsNextToSetOnes() {
		withSettings((settings) -> assertThat(settings.retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS.withMaxRetries(0)),
				"chat.retry.max-attempts=1");
	}

	private void withSettings(Consumer<ChatConnectionSettings> assertions, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			assertions.accept(context.getBean(ChatConversationFactory.class).settings());
		});
	}

	private void withRequestDefaults(Consumer<ChatCompletionRequest> assertions, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			assertions.accept(context.getBean(ChatConversationFactory.class).newConversation().requestDefaults());
		});
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
